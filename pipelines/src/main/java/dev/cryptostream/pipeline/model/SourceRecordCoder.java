package dev.cryptostream.pipeline.model;

import static dev.cryptostream.pipeline.model.FieldCoders.INT;
import static dev.cryptostream.pipeline.model.FieldCoders.LONG;
import static dev.cryptostream.pipeline.model.FieldCoders.NULLABLE_BYTES;
import static dev.cryptostream.pipeline.model.FieldCoders.STRING;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Compact, deterministic coder for {@link SourceRecord}. Field order is the wire format. */
public final class SourceRecordCoder extends AtomicCoder<SourceRecord> {
  private static final SourceRecordCoder INSTANCE = new SourceRecordCoder();

  public static SourceRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SourceRecord r, OutputStream out) throws IOException {
    STRING.encode(r.topic(), out);
    INT.encode(r.partition(), out);
    LONG.encode(r.offset(), out);
    // The key's bytes as read: a key that is not UTF-8 must reach its dead letter unchanged.
    NULLABLE_BYTES.encode(r.key(), out);
    LONG.encode(r.kafkaTimestampMillis(), out);
    NULLABLE_BYTES.encode(r.payload(), out);
  }

  @Override
  public SourceRecord decode(InputStream in) throws IOException {
    return new SourceRecord(
        STRING.decode(in),
        INT.decode(in),
        LONG.decode(in),
        NULLABLE_BYTES.decode(in),
        LONG.decode(in),
        NULLABLE_BYTES.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
