package dev.cryptostream.pipeline.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.tables.OutputTables;
import dev.cryptostream.pipeline.testing.Trades;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RowBatchTest {
  private static final Schema SCHEMA = AvroRows.schemaOf(OutputTables.TRADES);

  private static List<GenericRecord> decode(byte[] batch) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(SCHEMA);
    long n = RowBatch.forEachRow(batch, row -> rows.add(reader.read(null, row)));
    assertEquals(rows.size(), n);
    return rows;
  }

  @Test
  void aBatchGivesBackItsRowsInOrder() throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Trade t =
          Trades.trade(
              i % 2 == 0 ? "BTC-USDT" : "ETH-USDT",
              "id-" + i,
              "76650." + i,
              "0.000" + (i + 1),
              TakerSide.values()[i % 3],
              String.format("2026-11-22T10:%02d:%02d.%06dZ", i % 60, i % 59, i * 7));
      rows.add(AvroRows.rowOf(OutputTables.TRADES, t, SCHEMA));
    }
    assertEquals(rows, decode(RowBatch.of(SCHEMA, rows)));
    // Built from rows encoded one by one, as RowsPerBundle does, the bytes are the same.
    RowBatch.Builder b = new RowBatch.Builder();
    rows.forEach(row -> b.add(RowBatch.of(SCHEMA, List.of(row))));
    assertArrayEquals(RowBatch.of(SCHEMA, rows), b.toByteArray());
  }

  @Test
  void anEmptyBatchHasNoRows() throws IOException {
    assertEquals(List.of(), decode(RowBatch.of(SCHEMA, List.of())));
  }
}
