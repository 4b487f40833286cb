package dev.cryptostream.pipeline.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.tables.Column;
import dev.cryptostream.pipeline.tables.OutputTable;
import dev.cryptostream.pipeline.tables.OutputTables;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The row encoder against Avro's own writer of {@link AvroRows#rowOf}, byte for byte. */
class RowEncoderTest {
  static Stream<OutputTable<?>> tables() {
    return Stream.of(
        OutputTables.TRADES,
        OutputTables.CANDLES_1M,
        OutputTables.PRICE_ALERTS,
        OutputTables.DEAD_LETTERS,
        OutputTables.PRICE_SNAPSHOTS);
  }

  /** A table with the columns of {@code table} whose elements are their values in column order. */
  private static OutputTable<Map<String, Object>> ofValues(OutputTable<?> table) {
    return new OutputTable<>(
        table.name(),
        table.lakeDirectory(),
        table.columns(),
        (values, row) -> values.forEach(row::put),
        table.partitionColumn(),
        table.clusterColumns(),
        table.lowCardinalityColumns());
  }

  private static final String[] TEXT = {
    "", "BTC-USDT", "é", "日本語", "😀 emoji", "a\u0000b", "\"quoted\"", "x".repeat(300)
  };

  private static Object randomValue(Column c, Random r) {
    return switch (c.type()) {
      case STRING -> r.nextInt(3) == 0 ? TEXT[r.nextInt(TEXT.length)] : "id-" + r.nextInt(50);
      case INT64 -> r.nextBoolean() ? (Object) (long) r.nextInt() : (Object) r.nextInt(1_000);
      case TIMESTAMP -> r.nextInt(4) == 0 ? -r.nextLong(1L << 50) : r.nextLong(1L << 52);
      case FLOAT64 -> r.nextInt(5) == 0 ? -0.0 : r.nextGaussian() * 1e6;
      case BOOLEAN -> r.nextBoolean();
      case BIGNUMERIC -> {
        // Up to 20 integer digits and 24 decimals (beyond 18 they are rounded), either sign.
        BigInteger unscaled = new BigInteger(1 + r.nextInt(140), r);
        BigDecimal d = new BigDecimal(unscaled, r.nextInt(25));
        while (d.precision() - d.scale() > 20) {
          d = d.movePointLeft(1);
        }
        yield r.nextBoolean() ? d.negate() : d;
      }
    };
  }

  private static <T> byte[] byAvro(OutputTable<T> table, T element) {
    Schema schema = AvroRows.schemaOf(table);
    return RowBatch.of(schema, List.of(AvroRows.rowOf(table, element, schema)));
  }

  @ParameterizedTest
  @MethodSource("tables")
  void writesWhatAvrosWriterWritesForEveryColumnOfEveryTable(OutputTable<?> real) {
    OutputTable<Map<String, Object>> table = ofValues(real);
    RowEncoder<Map<String, Object>> encoder = new RowEncoder<>(table);
    Random r = new Random(20261206);
    int nulls = 0;
    for (int n = 0; n < 2_000; n++) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (Column c : table.columns()) {
        if (c.nullable() && r.nextInt(3) == 0) {
          values.put(c.name(), null);
          nulls++;
        } else {
          values.put(c.name(), randomValue(c, r));
        }
      }
      KV<String, byte[]> row = encoder.encode(values);
      assertArrayEquals(byAvro(table, values), row.getValue(), values::toString);
      assertEquals(
          HivePartition.of((Long) values.get(table.partitionColumn())), row.getKey(), "partition");
    }
    assertTrue(nulls > 0 || table.columns().stream().noneMatch(Column::nullable));
  }

  @Test
  void aRowThatDoesNotFitLeavesNothingBehind() {
    OutputTable<Map<String, Object>> table = ofValues(OutputTables.TRADES);
    RowEncoder<Map<String, Object>> encoder = new RowEncoder<>(table);
    Random r = new Random(7);
    Map<String, Object> good = new LinkedHashMap<>();
    table.columns().forEach(c -> good.put(c.name(), randomValue(c, r)));
    Map<String, Object> tooLarge = new LinkedHashMap<>(good);
    tooLarge.put("quantity", new BigDecimal("123456789012345678901"));
    assertThrows(ArithmeticException.class, () -> encoder.encode(tooLarge));
    Map<String, Object> wrongType = new LinkedHashMap<>(good);
    wrongType.put("symbol", 42L);
    assertThrows(IllegalArgumentException.class, () -> encoder.encode(wrongType));
    assertArrayEquals(byAvro(table, good), encoder.encode(good).getValue());
  }

  @Test
  void encodesATradeAsItsTableWritesIt() {
    Trade t =
        Trades.trade(
            "BTC-USDT",
            "6595931385",
            "76650.12",
            "0.0004",
            TakerSide.SELL,
            "2026-11-22T10:15:30.123456Z");
    KV<String, byte[]> row = new RowEncoder<>(OutputTables.TRADES).encode(t);
    assertArrayEquals(byAvro(OutputTables.TRADES, t), row.getValue());
    assertEquals("dt=2026-11-22/hour=10", row.getKey());
  }
}
