package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeTopics;
import picocli.CommandLine.Option;

/** Where trades and unreadable frames go: the topics of {@code live} and {@code replay}. */
public final class TradeOutputOptions {
  @Option(
      names = "--topic",
      paramLabel = "NAME",
      defaultValue = TradeTopics.TRADES_V1,
      description = "Topic the trades go to (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--dlq-topic",
      paramLabel = "NAME",
      defaultValue = KafkaLiveOutput.DEFAULT_DLQ_TOPIC,
      description = "Topic for frames that cannot be read (default: ${DEFAULT-VALUE}).")
  private String dlqTopic;

  public String topic() {
    return topic;
  }

  public String dlqTopic() {
    return dlqTopic;
  }
}
