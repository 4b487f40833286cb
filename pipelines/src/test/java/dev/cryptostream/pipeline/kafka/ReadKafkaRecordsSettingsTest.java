package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.pipeline.options.TradePipelineOptions;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * How the read options resolve: the consumer settings, and the drain (catch-up mode from the start,
 * on a signal file, or never).
 */
class ReadKafkaRecordsSettingsTest {
  private static ReadKafkaRecords.Settings settings(String... args) {
    return ReadKafkaRecords.Settings.fromOptions(
        PipelineOptionsFactory.fromArgs(args).as(TradePipelineOptions.class));
  }

  @Test
  void drainsFromTheStartWithoutASignalFile() {
    ReadKafkaRecords.Settings s = settings("--drainWhenIdleFor=PT5S");
    assertEquals(5_000, s.drainWhenIdleFor().getMillis());
    assertEquals(DrainSignal.IMMEDIATE, s.drainSignal());
  }

  @Test
  void drainsOnceTheSignalFileExists() {
    ReadKafkaRecords.Settings s =
        settings("--drainWhenIdleFor=PT5S", "--drainSignalFile= /tmp/run/source-stopped ");
    assertEquals(new DrainSignal.FileExists("/tmp/run/source-stopped"), s.drainSignal());
  }

  @Test
  void aDrainWithoutIdleTimeIsAllowedButNotANegativeOne() {
    assertEquals(0, settings("--drainWhenIdleFor=PT0S").drainWhenIdleFor().getMillis());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> settings("--drainWhenIdleFor=PT-1S"));
    assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
  }

  @Test
  void aSignalFileWithoutADrainTimeIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> settings("--drainSignalFile=/tmp/x"));
    assertTrue(
        e.getMessage().contains("--drainSignalFile needs --drainWhenIdleFor"), e.getMessage());
  }

  @Test
  void neverDrainsWithNeither() {
    assertEquals(null, settings().drainWhenIdleFor());
  }

  @Test
  void theConsumerFetchesLargeBatchesAndNeverCommitsOnItsOwn() {
    Map<String, Object> c =
        ReadKafkaRecords.consumerConfig(settings("--consumerGroup=g1", "--startPosition=latest"));
    assertEquals("g1", c.get(ConsumerConfig.GROUP_ID_CONFIG));
    assertEquals(false, c.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    assertEquals("latest", c.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
    assertEquals(8 << 20, c.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
    assertEquals(5_000, c.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
    // One partition's fetch must fit into one fetch response (Kafka's fetch.max.bytes default).
    Object fetchMax =
        ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG);
    assertTrue(ReadKafkaRecords.PARTITION_FETCH_BYTES <= (Integer) fetchMax, "" + fetchMax);
  }

  @Test
  void aStartTimeReadsFromTheEarliestOffsetAtOrAfterIt() {
    Map<String, Object> c =
        ReadKafkaRecords.consumerConfig(settings("--startPosition=2026-12-01T00:00:00Z"));
    assertEquals("earliest", c.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
  }

  @Test
  void securitySettingsGoToTheConsumerWithoutSecrets() {
    Map<String, Object> c =
        ReadKafkaRecords.consumerConfig(
            settings("--kafkaSecurityProtocol=SASL_SSL", "--kafkaSaslMechanism=SCRAM-SHA-512"));
    assertEquals("SASL_SSL", c.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", c.get("sasl.mechanism"));
    assertEquals(null, c.get("sasl.jaas.config"));
  }
}
