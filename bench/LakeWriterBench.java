import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.lake.AvroRows;
import dev.cryptostream.pipeline.lake.ParquetSink;
import dev.cryptostream.pipeline.lake.RowBatch;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.tables.OutputTables;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.values.KV;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The lake's trades writer on its own, side by side in one JVM: the same row batches (500 trades
 * each, as the pipeline's bundles hand them over) written to Parquet by parquet-avro's writer
 * (decode each row into a record, then its generic dispatch) and by the pipeline's ParquetSink
 * (each field from the encoding straight to its column). Prints ns per row for each round (the
 * first rounds are JIT warm-up) and both files' sizes.
 *
 * <p>usage: java -cp pipelines/target/pipelines-*-bundled.jar bench/LakeWriterBench.java [ROWS
 * [ROUNDS]]
 */
public class LakeWriterBench {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Schema schema = AvroRows.schemaOf(OutputTables.TRADES);
    List<byte[]> batches = new ArrayList<>();
    for (int start = 0; start < rows; start += 500) {
      List<GenericRecord> batch = new ArrayList<>();
      for (int i = start; i < Math.min(rows, start + 500); i++) {
        long micros = 1_796_000_000_000_000L + i * 1_000L;
        Trade t =
            new Trade(
                "binance",
                "BTC-USDT",
                "id-" + i,
                new BigDecimal("76650." + (i % 1000)),
                new BigDecimal("0.00" + (i % 97 + 1)),
                i % 3 == 0 ? TakerSide.SELL : TakerSide.BUY,
                micros,
                micros + 5,
                TradeSource.WS,
                1,
                "crypto.trades.v1",
                i % 6,
                i,
                micros + 100);
        batch.add(AvroRows.rowOf(OutputTables.TRADES, t, schema));
      }
      batches.add(RowBatch.of(schema, batch));
    }
    Path dir = Files.createTempDirectory("lake-writer-bench");
    try {
      for (int round = 1; round <= rounds; round++) {
        Path viaRecords = dir.resolve("parquet-avro-" + round + ".parquet");
        long t0 = System.nanoTime();
        writeViaRecords(schema, batches, viaRecords);
        long t1 = System.nanoTime();
        Path viaSink = dir.resolve("lake-" + round + ".parquet");
        writeViaSink(schema, batches, viaSink);
        long t2 = System.nanoTime();
        System.out.printf(
            "round %d: parquet-avro %.0f ns/row, lake sink %.0f ns/row (%d and %d bytes)%n",
            round,
            (t1 - t0) / (double) rows,
            (t2 - t1) / (double) rows,
            Files.size(viaRecords),
            Files.size(viaSink));
        Files.delete(viaRecords);
        Files.delete(viaSink);
      }
    } finally {
      Files.delete(dir);
    }
  }

  private static void writeViaRecords(Schema schema, List<byte[]> batches, Path file)
      throws Exception {
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
    try (ParquetWriter<GenericRecord> writer =
        ParquetSink.withLakeSettings(
                AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                    .withSchema(schema),
                OutputTables.TRADES.lowCardinalityColumns())
            .build()) {
      for (byte[] batch : batches) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(batch, null);
        while (!decoder.isEnd()) {
          writer.write(reader.read(null, decoder));
        }
      }
    }
  }

  private static void writeViaSink(Schema schema, List<byte[]> batches, Path file)
      throws Exception {
    ParquetSink sink =
        new ParquetSink(
            schema.toString(), "trades", OutputTables.TRADES.lowCardinalityColumns());
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sink.open(channel);
      for (byte[] batch : batches) {
        sink.write(KV.of("dt=2026-12-06/hour=00", batch));
      }
      sink.flush();
    }
  }
}
