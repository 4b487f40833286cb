package dev.cryptostream.pipeline.model;

import static dev.cryptostream.pipeline.model.FieldCoders.INT;
import static dev.cryptostream.pipeline.model.FieldCoders.LONG;
import static dev.cryptostream.pipeline.model.FieldCoders.NULLABLE_STRING;
import static dev.cryptostream.pipeline.model.FieldCoders.STRING;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Compact, deterministic coder for {@link DeadLetter}. Field order is the wire format. */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DeadLetter d, OutputStream out) throws IOException {
    STRING.encode(d.reasonCode(), out);
    STRING.encode(d.message(), out);
    NULLABLE_STRING.encode(d.payloadText(), out);
    NULLABLE_STRING.encode(d.payloadBase64(), out);
    STRING.encode(d.topic(), out);
    INT.encode(d.partition(), out);
    LONG.encode(d.offset(), out);
    NULLABLE_STRING.encode(d.key(), out);
    NULLABLE_STRING.encode(d.keyBase64(), out);
    LONG.encode(d.kafkaTimestampMillis(), out);
    STRING.encode(d.stage(), out);
    LONG.encode(d.failedAtMicros(), out);
    NULLABLE_STRING.encode(d.stackTrace(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    return new DeadLetter(
        STRING.decode(in),
        STRING.decode(in),
        NULLABLE_STRING.decode(in),
        NULLABLE_STRING.decode(in),
        STRING.decode(in),
        INT.decode(in),
        LONG.decode(in),
        NULLABLE_STRING.decode(in),
        NULLABLE_STRING.decode(in),
        LONG.decode(in),
        STRING.decode(in),
        LONG.decode(in),
        NULLABLE_STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
