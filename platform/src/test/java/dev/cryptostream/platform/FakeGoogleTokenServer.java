package dev.cryptostream.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth token endpoint as a service-account key uses it, on loopback: a key file whose
 * {@code token_uri} points here (what {@code GOOGLE_APPLICATION_CREDENTIALS} names for application
 * default credentials), and an endpoint that checks the signed JWT assertion against the key's
 * public half and answers with a fresh access token. {@link #wasIssued} lets the test broker's
 * validator accept exactly the tokens handed out here, as Managed Kafka accepts Google's.
 */
final class FakeGoogleTokenServer implements AutoCloseable {
  static final String EMAIL = "producers@test-project.iam.gserviceaccount.com";
  private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final KeyPair key;
  private final AtomicInteger grants = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();

  FakeGoogleTokenServer() throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    key = generator.generateKeyPair();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/token", this::token);
    http.start();
  }

  static boolean wasIssued(String accessToken) {
    return ISSUED.contains(accessToken);
  }

  String tokenUri() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/token";
  }

  int grants() {
    return grants.get();
  }

  int refusals() {
    return refusals.get();
  }

  /** A service-account key file for {@link #EMAIL} whose tokens come from this server. */
  Path writeServiceAccountKey(Path file) throws IOException {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Map<String, String> json = new LinkedHashMap<>();
    json.put("type", "service_account");
    json.put("project_id", "test-project");
    json.put("private_key_id", "test-key-1");
    json.put("private_key", pem);
    json.put("client_email", EMAIL);
    json.put("client_id", "100000000000000000001");
    json.put("token_uri", tokenUri());
    Files.writeString(file, JSON.writeValueAsString(json));
    return file;
  }

  private void token(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
        || !signedByOurKey(form.get("assertion"))) {
      refusals.incrementAndGet();
      respond(exchange, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    String accessToken = "ya29.test-" + UUID.randomUUID();
    ISSUED.add(accessToken);
    grants.incrementAndGet();
    respond(
        exchange,
        200,
        "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
  }

  /** The assertion is a JWT of {@link #EMAIL} asking for cloud-platform, signed with our key. */
  private boolean signedByOurKey(String jwt) {
    if (jwt == null) {
      return false;
    }
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return false;
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key.getPublic());
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return false;
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      // The audience is Google's token URI whatever token_uri says; the scope is the handler's.
      return EMAIL.equals(claims.path("iss").asText())
          && claims
              .path("scope")
              .asText()
              .contains("https://www.googleapis.com/auth/cloud-platform");
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
