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
 * Checks, before the pipeline is built, that the brokers answer and the input topics exist.
 * Without it an unreachable broker shows up as a pipeline that hangs while it expands.
 */
public final class KafkaPreflight {
  private KafkaPreflight() {}

  /** Throws IllegalArgumentException with a readable reason when Kafka is not usable. */
  public static void check(String bootstrapServers, List<String> topics, Map<String, Object> extraConfig, long timeoutSeconds) {
    Map<String, Object> config = new HashMap<>(extraConfig);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
      List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("Kafka at " + bootstrapServers + " has no topic " + missing);
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
