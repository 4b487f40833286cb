package dev.cryptostream.producers.cli;

import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How to reach Kafka: the options every producer command shares, and the one place their publishers
 * are made from them.
 */
public final class KafkaConnection {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description =
          "Kafka brokers to publish to, comma-separated (default: the environment variable"
              + " KAFKA_BOOTSTRAP_SERVERS, else localhost:9092; here ${DEFAULT-VALUE}).")
  private String bootstrapServers;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The publisher's producer settings for these options. */
  public Properties producerConfig() {
    return KafkaRecordPublisher.defaultConfig(bootstrapServers);
  }

  /** A publisher to {@code topic}. */
  public KafkaRecordPublisher publisher(String topic) {
    return new KafkaRecordPublisher(producerConfig(), topic);
  }
}
