package dev.cryptostream.producers.cli;

import dev.cryptostream.producers.kafka.KafkaBrokerCheck;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.kafka.KafkaSecurityConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How to reach Kafka: the options every producer command shares (the brokers and how to
 * authenticate to them), and the one place their publishers and broker checks are made from them.
 */
public final class KafkaConnection {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description =
          "Kafka brokers to publish to, comma-separated (default: the environment variable"
              + " KAFKA_BOOTSTRAP_SERVERS, else localhost:9092; here ${DEFAULT-VALUE}).")
  private String bootstrapServers;

  @Option(
      names = "--broker-timeout",
      paramLabel = "D",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description =
          "How long to wait at start for Kafka to answer and have the command's topics"
              + " (default: ${DEFAULT-VALUE}).")
  private Duration brokerTimeout;

  @Mixin private KafkaSecurityOptions securityOptions;

  /** Built once, when first needed; the secrets are read from the environment then. */
  private KafkaSecurityConfig security;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The client security for these options and the process environment; a bad setting is a usage
   * error (exit 2). Commands ask for it before connecting anywhere.
   */
  public KafkaSecurityConfig security() {
    if (security == null) {
      security = UsageError.check(command, () -> securityOptions.config(System::getenv));
    }
    return security;
  }

  /**
   * Checks these options together (a bad one is a usage error, exit 2); commands call it with their
   * own option checks, before anything connects.
   */
  public void checkOptions() {
    if (brokerTimeout.isNegative() || brokerTimeout.isZero()) {
      throw UsageError.of(command, "--broker-timeout must be positive");
    }
    security();
  }

  /** The publisher's producer settings for these options. */
  public Properties producerConfig() {
    return KafkaRecordPublisher.defaultConfig(bootstrapServers, security());
  }

  /** A publisher to {@code topic}. */
  public KafkaRecordPublisher publisher(String topic) {
    return new KafkaRecordPublisher(producerConfig(), topic);
  }

  /**
   * True when Kafka answers within {@code --broker-timeout}, accepts the credentials and has the
   * topics; else says why on {@code err} (one error line) and returns false. Commands ask before
   * publishing: a missing topic or a refused login would otherwise surface only as every record
   * failing, one send at a time. Call {@link #checkOptions()} first, with the command's other
   * option checks.
   */
  public boolean ready(PrintStream err, List<String> topics) {
    String problem = KafkaBrokerCheck.problem(bootstrapServers, security(), brokerTimeout, topics);
    if (problem != null) {
      err.println("error: Kafka at " + bootstrapServers + " is not ready: " + problem);
    }
    return problem == null;
  }
}
