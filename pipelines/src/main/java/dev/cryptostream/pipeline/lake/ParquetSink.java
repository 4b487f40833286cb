package dev.cryptostream.pipeline.lake;

import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.values.KV;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A {@link FileIO.Sink} writing one lake table's Avro rows (encoded batches of one partition) as a
 * Parquet file onto the channel Beam gives it, so every Beam filesystem (local, gs://, s3://) works
 * without Hadoop filesystems.
 *
 * <p>Only the columns named low-cardinality are dictionary-encoded: for unique trade ids, prices
 * and times Parquet would build a dictionary per column chunk and then throw it away (about a tenth
 * of the Flink job's time went into those dictionaries).
 */
public class ParquetSink implements FileIO.Sink<KV<String, byte[]>> {
  private final String schemaJson;
  private final String tableName;
  private final List<String> dictionaryColumns;
  private transient ParquetWriter<BinaryDecoder> writer;
  private transient Counter rows;

  /**
   * @param schemaJson the rows' Avro schema (as JSON: Avro schemas are not serializable)
   * @param tableName for the per-table row counter
   * @param dictionaryColumns the top-level columns to dictionary-encode; all others are plain
   */
  public ParquetSink(String schemaJson, String tableName, List<String> dictionaryColumns) {
    this.schemaJson = schemaJson;
    this.tableName = tableName;
    this.dictionaryColumns = List.copyOf(dictionaryColumns);
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    Schema schema = new Schema.Parser().parse(schemaJson);
    rows = PipelineMetrics.counter(PipelineMetrics.LAKE_ROWS_PREFIX + tableName);
    writer =
        withLakeSettings(
                new WriterBuilder(new ChannelOutputFile(channel), schema), dictionaryColumns)
            .build();
  }

  /**
   * The lake's file settings on any Parquet writer builder: no Hadoop configuration, Snappy, and
   * dictionaries only for {@code dictionaryColumns}. (Tests and benchmarks give parquet-avro's
   * writer the same settings to compare with.)
   */
  public static <T, B extends ParquetWriter.Builder<T, B>> B withLakeSettings(
      B builder, List<String> dictionaryColumns) {
    B b =
        builder
            .withConf(new PlainParquetConfiguration())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(false);
    for (String column : dictionaryColumns) {
      b = b.withDictionaryEncoding(column, true);
    }
    return b;
  }

  /** Writes one partition's {@link RowBatch} (the pipeline hands rows over a bundle at a time). */
  @Override
  public void write(KV<String, byte[]> partitionRows) throws IOException {
    long n = RowBatch.forEachRow(partitionRows.getValue(), writer::write);
    // Counted here, in the writing step: Beam closes (flushes) files on a thread of its own,
    // where a counter update would go nowhere.
    rows.inc(n);
  }

  @Override
  public void flush() throws IOException {
    // Closing the Parquet writer writes the footer; the channel itself stays open for FileIO.
    writer.close();
  }

  /** A Parquet writer of encoded rows (see {@link EncodedRowWriteSupport}). */
  private static final class WriterBuilder
      extends ParquetWriter.Builder<BinaryDecoder, WriterBuilder> {
    private final Schema schema;

    WriterBuilder(OutputFile file, Schema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected WriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<BinaryDecoder> getWriteSupport(Configuration conf) {
      return new EncodedRowWriteSupport(schema);
    }

    @Override
    protected WriteSupport<BinaryDecoder> getWriteSupport(ParquetConfiguration conf) {
      return new EncodedRowWriteSupport(schema);
    }
  }

  /** An OutputFile over a channel that must not be closed by Parquet. */
  private static final class ChannelOutputFile implements OutputFile {
    private final WritableByteChannel channel;

    ChannelOutputFile(WritableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new CountingStream(Channels.newOutputStream(channel));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  private static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
