package dev.cryptostream.pipeline.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks, before the pipeline is built, that the brokers answer and the input topics exist. Without
 * it an unreachable broker shows up as a pipeline that hangs while it expands.
 */
public final class KafkaPreflight {
  /** How long one bootstrap address gets to accept a TCP connection. */
  static final int CONNECT_TIMEOUT_MS = 3_000;

  private KafkaPreflight() {}

  /**
   * Fails within seconds when no bootstrap address accepts a TCP connection (refused, unknown host,
   * unroutable): the Kafka admin client would retry such an address until its whole timeout ends.
   */
  @SuppressWarnings("StringSplitter") // drops trailing empty entries, as Kafka's own list parsing
  static void requireReachable(String bootstrapServers, int connectTimeoutMs) {
    List<String> failures = new java.util.ArrayList<>();
    for (String server : bootstrapServers.split(",")) {
      String address = server.trim();
      int colon = address.lastIndexOf(':');
      if (address.isEmpty() || colon <= 0) {
        throw new IllegalArgumentException(
            "--bootstrapServers: '" + address + "' is not HOST:PORT");
      }
      String host = address.substring(0, colon).replace("[", "").replace("]", "");
      int port;
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--bootstrapServers: '" + address + "' has no numeric port");
      }
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(host, port), connectTimeoutMs);
        return;
      } catch (java.io.IOException e) {
        failures.add(
            address
                + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ")");
      }
    }
    throw new IllegalArgumentException("cannot reach Kafka: " + String.join(", ", failures));
  }

  /** Throws IllegalArgumentException with a readable reason when Kafka is not usable. */
  public static void check(
      String bootstrapServers,
      List<String> topics,
      Map<String, Object> extraConfig,
      long timeoutSeconds) {
    requireReachable(bootstrapServers, CONNECT_TIMEOUT_MS);
    Map<String, Object> config = new HashMap<>(extraConfig);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
    config.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
      List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "Kafka at " + bootstrapServers + " has no topic " + missing);
      }
    } catch (TimeoutException e) {
      throw new IllegalArgumentException(
          "Kafka at " + bootstrapServers + " did not answer within " + timeoutSeconds + " s");
    } catch (ExecutionException e) {
      throw new IllegalArgumentException(
          "Kafka at " + bootstrapServers + " is not usable: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted while checking Kafka");
    }
  }
}
