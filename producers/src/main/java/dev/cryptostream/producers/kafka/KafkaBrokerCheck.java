package dev.cryptostream.producers.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/**
 * Before a long-running command publishes: does Kafka answer, accept the credentials and have the
 * topics? Each of these would otherwise surface only as every record failing, one send at a time.
 */
public final class KafkaBrokerCheck {
  private KafkaBrokerCheck() {}

  /** Null when a broker answered within the timeout and has the topics, else what went wrong. */
  public static String problem(
      String bootstrap, KafkaSecurityConfig security, Duration timeout, List<String> topics) {
    Properties p = security.adminProperties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Set<String> existing =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<String> missing = topics.stream().filter(t -> !existing.contains(t)).distinct().toList();
      if (!missing.isEmpty()) {
        return "missing topic(s) " + String.join(", ", missing) + "; create them first";
      }
      return null;
    } catch (TimeoutException e) {
      return "no answer within " + timeout.toSeconds() + " s";
    } catch (ExecutionException e) {
      return describe(e.getCause() == null ? e : e.getCause());
    } catch (KafkaException e) {
      return describe(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * A failure and its causes in one line: Kafka wraps the reason (a login handler without
   * credentials, an unreadable trust store) in generic messages such as "Failed to construct kafka
   * producer". Kafka's and Google's messages name settings and files, not secret values.
   */
  public static String describe(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null && messages.size() < 8; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && messages.stream().noneMatch(m::contains)) {
        messages.add(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return messages.isEmpty() ? failure.getClass().getName() : String.join(": ", messages);
  }
}
