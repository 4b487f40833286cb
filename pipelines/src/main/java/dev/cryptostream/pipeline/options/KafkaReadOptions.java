package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where and how trades are read from Kafka. */
public interface KafkaReadOptions extends PipelineOptions {
  @Description("Kafka bootstrap servers, host:port[,host:port].")
  @Default.String("localhost:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Comma-separated topics carrying canonical trade events.")
  @Default.String("crypto.trades.v1")
  String getInputTopics();

  void setInputTopics(String value);

  @Description(
      "Consumer group; offsets are committed under it when bundles are finalized, except on the "
          + "DirectRunner with the lake sink, where each launch commits its start computed from the "
          + "lake (--lakeResume).")
  @Default.String("crypto-trades-pipeline")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description(
      "Where to start when the group has no committed offset: earliest, latest, or an "
          + "RFC 3339 instant (reads from the first record at or after it).")
  @Default.String("earliest")
  String getStartPosition();

  void setStartPosition(String value);

  @Description("Read only committed records of transactional producers (isolation.level).")
  @Default.Boolean(true)
  Boolean getReadCommitted();

  void setReadCommitted(Boolean value);

  @Description(
      "Bounded out-of-orderness of trade times: the watermark trails the newest trade time by "
          + "this much (ISO-8601).")
  @Default.String("PT5S")
  String getMaxOutOfOrderness();

  void setMaxOutOfOrderness(String value);

  @Description(
      "Catch-up mode for local runs, tests and backfills: once every partition has been read to "
          + "its end (by end offsets looked up after the start, or after --drainSignalFile "
          + "appeared) and received nothing new for this long (ISO-8601), the watermark jumps to "
          + "the end of time, every window closes and the pipeline finishes. PT0S finishes as soon "
          + "as everything written before that moment has been read: right for a backlog that is "
          + "all there, or a source that has stopped. Empty (default) means a normal never-ending "
          + "stream.")
  @Default.String("")
  String getDrainWhenIdleFor();

  void setDrainWhenIdleFor(String value);

  @Description(
      "With --drainWhenIdleFor: catch-up mode begins only once this local file exists, and each "
          + "partition counts its silence from then on; until then the job runs as a never-ending "
          + "stream. A local launcher creates the file when its source has stopped, so a live feed "
          + "that is quiet for a while is not taken for the end of the data. Empty (default): "
          + "catch-up mode from the start.")
  @Default.String("")
  String getDrainSignalFile();

  void setDrainSignalFile(String value);

  @Description(
      "Check before building the graph that the brokers answer, accept the credentials and hold "
          + "the topics (exit code 2 otherwise). Turn off only where Kafka is unreachable at launch "
          + "time by design, e.g. when compiling a template offline.")
  @Default.Boolean(true)
  Boolean getKafkaPreflight();

  void setKafkaPreflight(Boolean value);

  @Description(
      "Comma-separated topics of CoinGecko price snapshots (contract price-snapshot-v1, e.g. "
          + "prices.coingecko.v1), written "
          + "to the price_snapshots table; empty (default) reads none. Read with the same "
          + "connection, group and security settings as the trade topics.")
  @Default.String("")
  String getPriceTopics();

  void setPriceTopics(String value);
}
