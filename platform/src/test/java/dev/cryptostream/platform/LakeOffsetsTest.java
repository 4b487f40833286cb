package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake-to-broker reconciliation on lakes written here with DuckDB: right ones and wrong ones.
 */
class LakeOffsetsTest {
  private static final String TOPIC = "crypto.trades.v1";
  @TempDir Path lake;

  /** Writes one Parquet file of (kafka_topic, kafka_partition, kafka_offset) rows into a table. */
  private void write(String table, String file, String rows) throws Exception {
    Path dir = lake.resolve(table).resolve("dt=2026-11-29").resolve("hour=10");
    Files.createDirectories(dir);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute(
          "copy (select * from (values "
              + rows
              + ") t(kafka_topic, kafka_partition, kafka_offset)) to '"
              + dir.resolve(file)
              + "' (format parquet)");
    }
  }

  private RunCheck check(Warehouse w, Map<Integer, Long> ends) throws Exception {
    return LakeOffsets.check(w, lake, TOPIC, ends);
  }

  @Test
  void tradesAndDeadLettersTogetherHoldEveryOffsetOnce() throws Exception {
    try (Warehouse w = Warehouse.inMemory()) {
      write(
          "trades",
          "a.parquet",
          "('" + TOPIC + "', 0, 0), ('" + TOPIC + "', 0, 2), ('" + TOPIC + "', 2, 0)");
      // A sink rejection (offset -1) is not a record of its own; another topic's letters neither.
      write(
          "dead_letters",
          "b.parquet",
          "('" + TOPIC + "', 0, 1), ('" + TOPIC + "', 0, -1), ('prices.coingecko.v1', 1, 0)");
      RunCheck c = check(w, Map.of(0, 3L, 1, 0L, 2, 1L));
      assertEquals(RunCheck.Status.OK, c.status(), c.detail());
      assertEquals("4 offsets over 3 partitions", c.detail());
    }
  }

  @Test
  void aRepeatedAMissingAndAStrayOffsetAreEachNamed() throws Exception {
    try (Warehouse w = Warehouse.inMemory()) {
      write(
          "trades",
          "a.parquet",
          "('"
              + TOPIC
              + "', 0, 0), ('"
              + TOPIC
              + "', 0, 0), ('"
              + TOPIC
              + "', 1, 0), ('"
              + TOPIC
              + "', 3, 0)");
      RunCheck c = check(w, Map.of(0, 2L, 1, 2L, 2, 1L));
      assertEquals(RunCheck.Status.MISMATCH, c.status());
      assertEquals(
          "partition 0: broker offsets 0..1, lake 2 rows, 1 distinct offsets 0..0;"
              + " partition 1: broker offsets 0..1, lake 1 rows, 1 distinct offsets 0..0;"
              + " partition 2: broker offsets 0..0, lake none;"
              + " partition 3: not on the broker, lake 1 rows, 1 distinct offsets 0..0",
          c.detail());
    }
  }

  @Test
  void anEmptyLakeMatchesOnlyAnEmptyTopic() throws Exception {
    try (Warehouse w = Warehouse.inMemory()) {
      assertEquals(RunCheck.Status.OK, check(w, Map.of(0, 0L, 1, 0L)).status());
      RunCheck c = check(w, Map.of(0, 1L));
      assertEquals(RunCheck.Status.MISMATCH, c.status());
      assertEquals("partition 0: broker offsets 0..0, lake none", c.detail());
    }
  }

  @Test
  void aWritersTemporaryFileIsNotTheLake() throws Exception {
    Path temp = lake.resolve("trades/.temp-beam-1/part.parquet");
    Files.createDirectories(temp.getParent());
    Files.writeString(temp, "not yet a Parquet file");
    try (Warehouse w = Warehouse.inMemory()) {
      assertEquals(false, Warehouse.hasFiles(lake, "trades"));
      assertEquals(RunCheck.Status.OK, check(w, Map.of(0, 0L)).status());
    }
  }
}
