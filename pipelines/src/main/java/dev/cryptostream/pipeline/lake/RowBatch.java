package dev.cryptostream.pipeline.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Rows of one lake partition as one byte array, the rows' Avro binary encoding back to back. The
 * writer's buffer keeps, shuffles and (at each Flink checkpoint) copies these arrays as they are,
 * where a list of records went through the Avro coder each time; the rows are encoded once on the
 * way in and read once, field by field, by the Parquet writer ({@link EncodedRowWriteSupport}).
 */
public final class RowBatch {
  private RowBatch() {}

  /** Appends rows to one growing batch. Not thread-safe; one per partition and bundle. */
  static final class Builder {
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    private final BinaryEncoder encoder;

    Builder(Schema schema) {
      this.writer = new GenericDatumWriter<>(schema);
      this.encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    }

    void add(GenericRecord row) {
      try {
        writer.write(row, encoder);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode a lake row", e);
      }
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }

  /** The rows' encoding, as {@link Builder} writes it. */
  public static byte[] of(Schema schema, List<GenericRecord> rows) {
    Builder b = new Builder(schema);
    rows.forEach(b::add);
    return b.toByteArray();
  }

  /** What is done with each row of a batch: read it whole from the decoder. */
  @FunctionalInterface
  interface RowAction {
    void accept(BinaryDecoder row) throws IOException;
  }

  /**
   * Hands the decoder, positioned at each row of a batch in turn, to {@code action}, which reads
   * the row; returns how many rows the batch held.
   */
  static long forEachRow(byte[] batch, RowAction action) throws IOException {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(batch, null);
    long n = 0;
    while (!decoder.isEnd()) {
      action.accept(decoder);
      n++;
    }
    return n;
  }
}
