package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.pipeline.options.TradePipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** How the drain options resolve: catch-up mode from the start, on a signal file, or never. */
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
}
