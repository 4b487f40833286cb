package dev.cryptostream.pipeline.resume;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.lake.AvroRows;
import dev.cryptostream.pipeline.lake.ParquetSink;
import dev.cryptostream.pipeline.lake.RowBatch;
import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.tables.OutputTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.values.KV;

/**
 * Writes lake files exactly as the pipeline does: the project's ParquetSink over a file channel.
 */
final class TestLake {
  static final String TOPIC = "crypto.trades.v1";
  private final Path root;
  private int files;

  TestLake(Path root) {
    this.root = root;
  }

  /**
   * Writes {@code rows} as one Parquet file of {@code table} under {@code dir} (relative to the
   * table).
   */
  <T> Path write(OutputTable<T> table, String dir, List<T> rows) throws IOException {
    Path file =
        root.resolve(table.lakeDirectory())
            .resolve(dir)
            .resolve("part-test-" + (files++) + ".parquet");
    Files.createDirectories(file.getParent());
    Schema schema = AvroRows.schemaOf(table);
    ParquetSink sink =
        new ParquetSink(schema.toString(), table.lakeDirectory(), table.lowCardinalityColumns());
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sink.open(channel);
      sink.write(
          KV.of(
              dir,
              RowBatch.of(
                  schema, rows.stream().map(row -> AvroRows.rowOf(table, row, schema)).toList())));
      sink.flush();
    }
    return file;
  }

  static long micros(String time) {
    Instant t = Instant.parse(time);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  static Trade trade(String symbol, String time, int partition, long offset) {
    long t = micros(time);
    return new Trade(
        "binance",
        symbol,
        symbol + "-" + partition + "-" + offset,
        BigDecimal.TEN,
        BigDecimal.ONE,
        TakerSide.BUY,
        t,
        t + 5,
        TradeSource.WS,
        1,
        TOPIC,
        partition,
        offset,
        t + 10);
  }

  static DeadLetter deadLetter(String topic, int partition, long offset) {
    return new DeadLetter(
        "MALFORMED_JSON", "bad", "{", null, topic, partition, offset, "k", 1L, "parse", 1L, null);
  }

  static Candle candle(String symbol, String windowStart, long paneIndex, boolean isFinal) {
    long s = micros(windowStart);
    return new Candle(
        "binance",
        symbol,
        s,
        s + 60_000_000L,
        BigDecimal.ONE,
        BigDecimal.ONE,
        BigDecimal.ONE,
        BigDecimal.ONE,
        BigDecimal.ONE,
        BigDecimal.ONE,
        BigDecimal.ONE,
        1,
        BigDecimal.ONE,
        BigDecimal.ZERO,
        s,
        s,
        isFinal ? "LATE" : "EARLY",
        paneIndex,
        isFinal,
        s + 1);
  }

  static PriceAlert alert(String symbol, String windowStart, String from, String to) {
    long s = micros(windowStart);
    return new PriceAlert(
        PriceAlert.idOf("binance", symbol, micros(from), micros(to)),
        "binance",
        symbol,
        BigDecimal.TEN,
        micros(from),
        BigDecimal.ONE,
        micros(to),
        90.0,
        5.0,
        s,
        s + 600_000_000L,
        s + 1);
  }
}
