package dev.cryptostream.producers.coingecko;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * A real local HTTP server standing in for CoinGecko: answers {@code /api/v3/simple/price} with the
 * scripted replies in order and records every request it got (query, API key header, and the
 * virtual time at which it came).
 */
final class ScriptedCoinGecko implements AutoCloseable {
  record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
    static Reply ok(String body) {
      return new Reply(200, body, Map.of(), 0);
    }

    static Reply status(int status) {
      return new Reply(status, "{\"status\":{\"error_code\":" + status + "}}", Map.of(), 0);
    }
  }

  record Request(String query, String apiKey, long atNanos) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  ScriptedCoinGecko(LongSupplier virtualNanos) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v3/simple/price", exchange -> answer(exchange, virtualNanos));
    server.setExecutor(executor);
    server.start();
  }

  ScriptedCoinGecko then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answer(HttpExchange exchange, LongSupplier virtualNanos) throws IOException {
    requests.add(
        new Request(
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders().getFirst(CoinGeckoClient.API_KEY_HEADER),
            virtualNanos.getAsLong()));
    Reply reply = script.poll();
    if (reply == null) {
      reply = new Reply(503, "script exhausted", Map.of(), 0);
    }
    try {
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "application/json");
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGaveUp) {
      // The poller timed out and closed the connection: nothing left to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
