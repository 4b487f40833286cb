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
 * way in ({@link RowEncoder}) and read once, field by field, by the Parquet writer ({@link
 * EncodedRowWriteSupport}).
 */
public final class RowBatch {
  private RowBatch() {}

  /** Appends encoded rows ({@link RowEncoder}) to one growing batch. Not thread-safe. */
  static final class Builder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);

    void add(byte[] encodedRow) {
      bytes.writeBytes(encodedRow);
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }

  /** The rows' encoding by Avro's own writer: what {@link Builder} holds for the same rows. */
  public static byte[] of(Schema schema, List<GenericRecord> rows) {
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    try {
      for (GenericRecord row : rows) {
        writer.write(row, encoder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a lake row", e);
    }
    return bytes.toByteArray();
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
