package dev.cryptostream.pipeline.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.pipeline.tables.OutputTable;
import dev.cryptostream.pipeline.tables.OutputTables;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.KV;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lake's Parquet writer (encoded rows straight to columns) against parquet-avro's own writer on
 * the same rows and settings: the same rows read back, the same schema and footer metadata, the
 * same column statistics and encodings. Rows are random, with nulls, non-ASCII text, empty strings,
 * negative and 38-digit decimals, and repeated values (dictionary columns), for every lake table
 * and a schema with every column type.
 */
class EncodedRowWriteSupportTest {
  @TempDir Path dir;

  private static final List<OutputTable<?>> LAKE_TABLES =
      List.of(
          OutputTables.TRADES,
          OutputTables.CANDLES_1M,
          OutputTables.PRICE_ALERTS,
          OutputTables.DEAD_LETTERS,
          OutputTables.PRICE_SNAPSHOTS);

  static Stream<Schema> schemas() {
    List<Schema> tables = LAKE_TABLES.stream().map(AvroRows::schemaOf).toList();
    Schema decimal = LogicalTypes.decimal(38, 18).addToSchema(Schema.create(Schema.Type.BYTES));
    Schema everyType =
        SchemaBuilder.record("every_type")
            .fields()
            .requiredString("s")
            .optionalString("s_or_null")
            .requiredLong("n")
            .optionalLong("n_or_null")
            .requiredDouble("d")
            .optionalDouble("d_or_null")
            .requiredBoolean("b")
            .optionalBoolean("b_or_null")
            .name("dec")
            .type(decimal)
            .noDefault()
            .name("dec_or_null")
            .type(Schema.createUnion(Schema.create(Schema.Type.NULL), decimal))
            .withDefault(null)
            // Null second in the union: the other branch order.
            .name("s_then_null")
            .type(
                Schema.createUnion(
                    Schema.create(Schema.Type.STRING), Schema.create(Schema.Type.NULL)))
            .withDefault("")
            .name("n_then_null")
            .type(
                Schema.createUnion(
                    Schema.create(Schema.Type.LONG), Schema.create(Schema.Type.NULL)))
            .withDefault(0L)
            .endRecord();
    return Stream.concat(tables.stream(), Stream.of(everyType));
  }

  private static final String[] TEXT = {
    "", "BTC-USDT", "é", "日本語", "😀 emoji", "a\u0000b", "line\nbreak", "\"quoted\"", "x".repeat(300)
  };

  private static Object randomValue(Schema type, Random r) {
    return switch (type.getType()) {
      case STRING -> r.nextInt(3) == 0 ? TEXT[r.nextInt(TEXT.length)] : "id-" + r.nextInt(50);
      case LONG -> r.nextInt(4) == 0 ? Long.MIN_VALUE + r.nextInt(3) : r.nextLong() % 1_000_000;
      case DOUBLE -> r.nextInt(5) == 0 ? -0.0 : r.nextGaussian() * 1e6;
      case BOOLEAN -> r.nextBoolean();
      case BYTES -> {
        // An unscaled DECIMAL(38,18): up to 38 digits, either sign.
        BigInteger unscaled = new BigInteger(1 + r.nextInt(126), r);
        yield ByteBuffer.wrap((r.nextBoolean() ? unscaled.negate() : unscaled).toByteArray());
      }
      default -> throw new IllegalArgumentException("no lake column is " + type);
    };
  }

  private static List<GenericRecord> randomRows(Schema schema, int n, long seed) {
    Random r = new Random(seed);
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      GenericRecord row = new GenericData.Record(schema);
      for (Schema.Field f : schema.getFields()) {
        Schema type = f.schema();
        if (type.getType() == Schema.Type.UNION) {
          if (r.nextInt(3) == 0) {
            continue; // null
          }
          type =
              type.getTypes().stream()
                  .filter(b -> b.getType() != Schema.Type.NULL)
                  .findFirst()
                  .orElseThrow();
        }
        row.put(f.pos(), randomValue(type, r));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> dictionaryColumns(Schema schema) {
    for (OutputTable<?> t : LAKE_TABLES) {
      if (t.lakeDirectory().equals(schema.getName())) {
        return t.lowCardinalityColumns();
      }
    }
    return List.of("s", "s_or_null");
  }

  /** What parquet-avro writes for these rows, with the lake's settings. */
  private Path writtenByParquetAvro(Schema schema, List<GenericRecord> rows) throws IOException {
    Path file = dir.resolve("reference-" + schema.getName() + ".parquet");
    try (ParquetWriter<GenericRecord> writer =
        ParquetSink.withLakeSettings(
                AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                    .withSchema(schema),
                dictionaryColumns(schema))
            .build()) {
      for (GenericRecord row : rows) {
        writer.write(row);
      }
    }
    return file;
  }

  /** What the lake writes: the pipeline's sink over a channel, the rows in two batches. */
  private Path writtenByTheLake(Schema schema, List<GenericRecord> rows) throws IOException {
    Path file = dir.resolve("lake-" + schema.getName() + ".parquet");
    ParquetSink sink =
        new ParquetSink(schema.toString(), schema.getName(), dictionaryColumns(schema));
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sink.open(channel);
      int half = rows.size() / 2;
      sink.write(KV.of("p", RowBatch.of(schema, rows.subList(0, half))));
      sink.write(KV.of("p", RowBatch.of(schema, rows.subList(half, rows.size()))));
      sink.flush();
    }
    return file;
  }

  private static List<GenericRecord> read(Path file) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                new LocalInputFile(file), new PlainParquetConfiguration())
            .build()) {
      for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static ParquetFileReader open(Path file) throws IOException {
    return ParquetFileReader.open(new LocalInputFile(file));
  }

  @ParameterizedTest
  @MethodSource("schemas")
  void writesWhatParquetAvroWrites(Schema schema) throws IOException {
    List<GenericRecord> rows = randomRows(schema, 3_000, schema.getName().hashCode());
    Path reference = writtenByParquetAvro(schema, rows);
    Path lake = writtenByTheLake(schema, rows);

    assertEquals(read(reference), read(lake), "rows read back");
    assertEquals(rows.size(), read(lake).size());
    assertEquals(-1L, Files.mismatch(reference, lake), "the same bytes");
    try (ParquetFileReader expected = open(reference);
        ParquetFileReader actual = open(lake)) {
      FileMetaData e = expected.getFooter().getFileMetaData();
      FileMetaData a = actual.getFooter().getFileMetaData();
      assertEquals(e.getSchema(), a.getSchema(), "Parquet schema");
      assertEquals(e.getKeyValueMetaData(), a.getKeyValueMetaData(), "footer metadata");
      List<BlockMetaData> eb = expected.getFooter().getBlocks();
      List<BlockMetaData> ab = actual.getFooter().getBlocks();
      assertEquals(eb.size(), ab.size());
      for (int b = 0; b < eb.size(); b++) {
        List<ColumnChunkMetaData> ec = eb.get(b).getColumns();
        List<ColumnChunkMetaData> ac = ab.get(b).getColumns();
        for (int c = 0; c < ec.size(); c++) {
          String column = ec.get(c).getPath().toDotString();
          Statistics<?> es = ec.get(c).getStatistics();
          Statistics<?> as = ac.get(c).getStatistics();
          assertEquals(es, as, column + " statistics");
          assertEquals(es.getNumNulls(), as.getNumNulls(), column + " nulls");
          assertEquals(ec.get(c).getEncodings(), ac.get(c).getEncodings(), column + " encodings");
          assertEquals(ec.get(c).getValueCount(), ac.get(c).getValueCount(), column + " values");
        }
      }
    }
  }

  /** Enough trades for several pages and a dictionary that falls back: still the same bytes. */
  @org.junit.jupiter.api.Test
  void manyRowsGiveTheSameFile() throws IOException {
    Schema schema = AvroRows.schemaOf(OutputTables.TRADES);
    List<GenericRecord> rows = randomRows(schema, 60_000, 11);
    Path reference = writtenByParquetAvro(schema, rows);
    Path lake = writtenByTheLake(schema, rows);
    try (ParquetFileReader r = open(lake)) {
      ColumnChunkMetaData tradeIds = r.getFooter().getBlocks().get(0).getColumns().get(2);
      assertEquals("trade_id", tradeIds.getPath().toDotString());
      // Parquet starts a page every 20,000 rows at most.
      assertTrue(r.readOffsetIndex(tradeIds).getPageCount() >= 3, "several pages");
    }
    assertEquals(-1L, Files.mismatch(reference, lake), "the same bytes");
  }

  /** A union branch that is neither of a field's two is not this schema's row: refused. */
  @org.junit.jupiter.api.Test
  void aRowOfAnotherSchemaIsRefusedNotShifted() throws IOException {
    Schema schema = EncodedRowWriteSupportTest.schemas().reduce((a, b) -> b).orElseThrow();
    Path file = dir.resolve("bad.parquet");
    ParquetSink sink = new ParquetSink(schema.toString(), schema.getName(), List.of());
    // Required string "", then the optional string's branch index 5 (zig-zag 10).
    byte[] bad = {0, 10};
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sink.open(channel);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> sink.write(KV.of("p", bad)));
      assertTrue(e.getMessage().contains("s_or_null"), e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("schemas")
  void anEmptyFileIsAFileWithTheSchemaAndNoRows(Schema schema) throws IOException {
    Path lake = writtenByTheLake(schema, List.of());
    assertEquals(List.of(), read(lake));
    try (ParquetFileReader r = open(lake)) {
      assertEquals(
          open(writtenByParquetAvro(schema, List.of())).getFooter().getFileMetaData().getSchema(),
          r.getFooter().getFileMetaData().getSchema());
    }
  }

  @org.junit.jupiter.api.Test
  void aSchemaWithANestedOrListColumnIsRefused() {
    Schema nested =
        SchemaBuilder.record("nested")
            .fields()
            .name("inner")
            .type(SchemaBuilder.record("inner").fields().requiredLong("x").endRecord())
            .noDefault()
            .endRecord();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EncodedRowWriteSupport(nested));
    assertTrue(e.getMessage().contains("inner"), e.getMessage());
    Schema list =
        SchemaBuilder.record("list")
            .fields()
            .name("xs")
            .type(SchemaBuilder.array().items().longType())
            .noDefault()
            .endRecord();
    assertThrows(IllegalArgumentException.class, () -> new EncodedRowWriteSupport(list));
  }
}
