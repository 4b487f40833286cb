package dev.cryptostream.pipeline.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.tables.OutputTable;
import dev.cryptostream.pipeline.tables.OutputTables;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class WriteLakeTableTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();
  @TempDir Path lake;

  static List<GenericRecord> readAll(Path tableDir) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tableDir)) {
      files = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
    for (Path f : files) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new LocalInputFile(f))
              .withConf(new PlainParquetConfiguration())
              .build()) {
        GenericRecord r;
        while ((r = reader.read()) != null) {
          rows.add(r);
        }
      }
    }
    return rows;
  }

  private static BigDecimal decimal(Object v) {
    ByteBuffer b = (ByteBuffer) v;
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return new BigDecimal(new BigInteger(bytes), dev.cryptostream.pipeline.tables.Decimal38.SCALE);
  }

  /** Runs the trades table's writer over {@code trades}; returns the table's directory. */
  private Path writeTrades(List<Trade> trades) {
    beam.pipeline()
        .apply(Create.of(trades).withCoder(TradeCoder.of()))
        .apply(
            new WriteLakeTable<>(
                OutputTables.TRADES, lake.toString(), Duration.standardSeconds(1), 1, "test-run"));
    beam.pipeline().run().waitUntilFinish();
    return lake.resolve("trades");
  }

  @Test
  void everyRowLandsInThePartitionOfItsOwnTimeWhateverTheBundleHolds() throws IOException {
    // Rows of five hours, interleaved, mostly in shared bundles: each bundle's rows are gathered
    // per partition before the writer, and no row may end up with another hour's rows.
    List<Trade> trades = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String time = String.format("2026-11-22T%02d:%02d:%02d.000001Z", 10 + i % 5, i % 60, i % 7);
      trades.add(Trades.trade("BTC-USDT", String.valueOf(i), "100", "1", TakerSide.BUY, time));
    }
    Path table = writeTrades(trades);
    int rows = 0;
    for (int hour = 10; hour < 15; hour++) {
      List<GenericRecord> inHour = readAll(table.resolve("dt=2026-11-22/hour=" + hour));
      for (GenericRecord r : inHour) {
        long micros = (Long) r.get("trade_time");
        assertEquals(hour, Math.floorMod(Math.floorDiv(micros, 3_600_000_000L), 24L), r::toString);
      }
      rows += inHour.size();
    }
    assertEquals(300, rows);
  }

  @Test
  void onlyTheLowCardinalityColumnsAreDictionaryEncoded() throws IOException {
    // Unique ids and prices would make Parquet build dictionaries it then discards; the repeated
    // instrument, side and topic columns keep theirs. The rows read back whatever the encoding.
    List<Trade> trades = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      trades.add(
          Trades.trade(
              i % 2 == 0 ? "BTC-USDT" : "ETH-USDT",
              String.valueOf(i),
              "100." + i,
              "0.5",
              i % 3 == 0 ? TakerSide.BUY : TakerSide.SELL,
              "2026-11-22T10:00:00Z"));
    }
    Path table = writeTrades(trades);
    Map<String, Boolean> dictionaryByColumn = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(table)) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(f))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
              boolean dictionary = chunk.getEncodings().stream().anyMatch(Encoding::usesDictionary);
              dictionaryByColumn.merge(
                  chunk.getPath().toDotString(), dictionary, Boolean::logicalOr);
            }
          }
        }
      }
    }
    assertEquals(OutputTables.TRADES.columns().size(), dictionaryByColumn.size());
    dictionaryByColumn.forEach(
        (column, dictionary) ->
            assertEquals(
                OutputTables.TRADES.lowCardinalityColumns().contains(column), dictionary, column));
    assertEquals(500, readAll(table).size());
  }

  @Test
  void aLowCardinalityColumnMustBeAColumnOfTheTable() {
    OutputTable<Trade> trades = OutputTables.TRADES;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new OutputTable<>(
                    trades.name(),
                    trades.lakeDirectory(),
                    trades.columns(),
                    trades.rowValues(),
                    trades.partitionColumn(),
                    trades.clusterColumns(),
                    List.of("exchange", "no_such_column")));
    assertEquals("no column no_such_column", e.getMessage());
  }

  @Test
  void writesTradesAsParquetInHivePartitionsByTradeTime() throws IOException {
    List<Trade> trades =
        List.of(
            Trades.trade(
                "BTC-USDT",
                "1",
                "76650.12345678",
                "0.0004",
                TakerSide.SELL,
                "2026-11-22T10:15:30.123456Z"),
            Trades.trade("BTC-USDT", "2", "76651", "1.5", TakerSide.BUY, "2026-11-22T11:00:00Z"),
            Trades.trade(
                "ETH-USDT",
                "9",
                "3000.000000000000000001",
                "2",
                TakerSide.UNKNOWN,
                "2026-11-23T00:00:00Z"));
    Path table = writeTrades(trades);
    assertTrue(Files.isDirectory(table.resolve("dt=2026-11-22/hour=10")));
    assertTrue(Files.isDirectory(table.resolve("dt=2026-11-22/hour=11")));
    assertTrue(Files.isDirectory(table.resolve("dt=2026-11-23/hour=00")));
    try (Stream<Path> files = Files.walk(table)) {
      assertTrue(
          files
              .filter(p -> p.toString().endsWith(".parquet"))
              .allMatch(p -> p.getFileName().toString().startsWith("part-test-run")),
          "run id in every name");
    }
    List<GenericRecord> rows = readAll(table);
    assertEquals(3, rows.size());
    GenericRecord first =
        rows.stream()
            .filter(r -> r.get("trade_id").toString().equals("1"))
            .findFirst()
            .orElseThrow();
    assertEquals("binance", first.get("exchange").toString());
    assertEquals("BTC-USDT", first.get("symbol").toString());
    assertEquals(0, new BigDecimal("76650.12345678").compareTo(decimal(first.get("price"))));
    assertEquals(0, new BigDecimal("0.0004").compareTo(decimal(first.get("quantity"))));
    assertEquals("sell", first.get("side").toString());
    assertEquals(1795342530123456L, first.get("trade_time"));
    assertEquals("ws", first.get("source").toString());
    assertEquals(1L, first.get("schema_version"));
    GenericRecord eth =
        rows.stream()
            .filter(r -> r.get("trade_id").toString().equals("9"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        new BigDecimal("3000.000000000000000001"),
        decimal(eth.get("price")),
        "18 decimals survive exactly");
  }

  @Test
  void writesDeadLettersWithNullableFields() throws IOException {
    DeadLetter text =
        DeadLetter.of(
            Trades.record(5, "{bad"),
            RejectReason.MALFORMED_JSON,
            "not JSON",
            "parse",
            1795342530000000L,
            null);
    DeadLetter binary =
        DeadLetter.of(
            Trades.record(6, new byte[] {(byte) 0xFF}),
            RejectReason.NOT_UTF8,
            "not UTF-8",
            "parse",
            1795342530000001L,
            new IllegalStateException("boom"));
    // A key that is not UTF-8 is kept byte for byte, as base64, like a binary payload.
    byte[] binaryKey = {(byte) 0xFF, 0x00, 'k', (byte) 0xC3};
    DeadLetter binaryKeyed =
        DeadLetter.of(
            new SourceRecord(
                Trades.TOPIC,
                2,
                7,
                binaryKey,
                1_700_000_000_007L,
                "{bad".getBytes(StandardCharsets.UTF_8)),
            RejectReason.MALFORMED_JSON,
            "not JSON",
            "parse",
            1795342530000002L,
            null);
    beam.pipeline()
        .apply(
            Create.of(text, binary, binaryKeyed).withCoder(SerializableCoder.of(DeadLetter.class)))
        .apply(
            new WriteLakeTable<>(
                OutputTables.DEAD_LETTERS, lake.toString(), Duration.standardSeconds(1), 1, "r1"));
    beam.pipeline().run().waitUntilFinish();

    List<GenericRecord> rows = readAll(lake.resolve("dead_letters"));
    assertEquals(3, rows.size());
    for (GenericRecord r : rows) {
      long offset = (Long) r.get("kafka_offset");
      assertEquals("crypto.trades.v1", r.get("kafka_topic").toString());
      assertEquals(2L, r.get("kafka_partition"));
      assertEquals((1_700_000_000_000L + offset) * 1_000L, r.get("kafka_timestamp"));
      if (offset == 7) {
        assertNull(r.get("kafka_key"), "never U+FFFD");
        assertArrayEquals(
            binaryKey, Base64.getDecoder().decode(r.get("kafka_key_base64").toString()));
        continue;
      }
      assertNull(r.get("kafka_key_base64"));
      assertEquals("binance:BTC-USDT", r.get("kafka_key").toString());
      assertEquals((1_700_000_000_000L + offset) * 1_000L, r.get("kafka_timestamp"));
      if (offset == 5) {
        assertEquals("MALFORMED_JSON", r.get("reason_code").toString());
        assertEquals("{bad", r.get("payload").toString());
        assertNull(r.get("payload_base64"));
        assertNull(r.get("stack_trace"));
      } else {
        assertEquals("NOT_UTF8", r.get("reason_code").toString());
        assertNull(r.get("payload"));
        assertEquals("/w==", r.get("payload_base64").toString());
        assertTrue(r.get("stack_trace").toString().contains("IllegalStateException: boom"));
      }
    }
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new WriteLakeTable<>(OutputTables.TRADES, "x", Duration.standardSeconds(1), 0, "r"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WriteLakeTable<>(
                OutputTables.TRADES, "x", Duration.standardSeconds(1), 1, "../evil"));
  }

  @Test
  void decimalsOutsideDecimal38_18AreRefused() {
    assertThrows(
        ArithmeticException.class, () -> AvroRows.decimal(new BigDecimal("123456789012345678901")));
    assertEquals(
        0,
        new BigDecimal("0.000000000000000001")
            .compareTo(decimal(AvroRows.decimal(new BigDecimal("1E-18")))));
  }

  private static dev.cryptostream.pipeline.model.Candle candle(String quoteVolume) {
    BigDecimal one = BigDecimal.ONE;
    return new dev.cryptostream.pipeline.model.Candle(
        "binance",
        "BTC-USDT",
        1795341600000000L,
        1795341660000000L,
        one,
        one,
        one,
        one,
        one,
        new BigDecimal(quoteVolume),
        one,
        1,
        one,
        BigDecimal.ZERO,
        1795341600000000L,
        1795341600000000L,
        "ON_TIME",
        0,
        true,
        1795341700000000L);
  }

  @Test
  void aRowThatDoesNotFitItsTableBecomesADeadLetterAndTheOthersAreWritten() throws IOException {
    org.apache.beam.sdk.values.PCollection<DeadLetter> rejected =
        beam.pipeline()
            .apply(
                Create.of(candle("100"), candle("1E+25"))
                    .withCoder(SerializableCoder.of(dev.cryptostream.pipeline.model.Candle.class)))
            .apply(
                new WriteLakeTable<>(
                    OutputTables.CANDLES_1M,
                    lake.toString(),
                    Duration.standardSeconds(1),
                    1,
                    "r2"));
    org.apache.beam.sdk.testing.PAssert.thatSingleton(rejected)
        .satisfies(
            d -> {
              assertEquals("SINK_ROW_INVALID", d.reasonCode());
              assertEquals("sink:lake:candles_1m", d.stage());
              assertTrue(d.message().contains("DECIMAL(38,18)"), d.message());
              assertEquals("", d.topic(), "a derived row has no Kafka coordinates");
              assertEquals(-1L, d.offset());
              return null;
            });
    beam.pipeline().run().waitUntilFinish();
    List<GenericRecord> rows = readAll(lake.resolve("candles_1m"));
    assertEquals(1, rows.size());
    assertEquals(0, new BigDecimal("100").compareTo(decimal(rows.get(0).get("quote_volume"))));
  }
}
