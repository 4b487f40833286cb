package dev.cryptostream.producers.live.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A local HTTP server standing in for a venue's REST API; records every request it serves. */
public final class TestRestServer implements AutoCloseable {
  /** A canned HTTP answer. */
  public record Response(int status, String body) {
    public static Response json(String body) {
      return new Response(200, body);
    }
  }

  private final HttpServer server;
  private final List<URI> requests = new CopyOnWriteArrayList<>();

  /**
   * @param handler answers a request (path and query)
   */
  public TestRestServer(Function<URI, Response> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          URI uri = exchange.getRequestURI();
          requests.add(uri);
          Response r;
          try {
            r = handler.apply(uri);
          } catch (RuntimeException e) {
            r = new Response(500, "{\"error\":\"" + e.getMessage() + "\"}");
          }
          byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(r.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<URI> requests() {
    return requests;
  }

  /** Query parameters of a request, in order. */
  public static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = uri.getRawQuery();
    if (q == null) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
