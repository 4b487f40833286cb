package dev.cryptostream.pipeline.model;

import static dev.cryptostream.pipeline.model.FieldCoders.DECIMAL;
import static dev.cryptostream.pipeline.model.FieldCoders.DOUBLE;
import static dev.cryptostream.pipeline.model.FieldCoders.LONG;
import static dev.cryptostream.pipeline.model.FieldCoders.STRING;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Compact coder for {@link PriceAlert}. Not deterministic (it holds doubles, which Beam does not
 * call deterministic), so it is never used for keys. Field order is the wire format.
 */
public final class PriceAlertCoder extends AtomicCoder<PriceAlert> {
  private static final PriceAlertCoder INSTANCE = new PriceAlertCoder();

  public static PriceAlertCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(PriceAlert a, OutputStream out) throws IOException {
    STRING.encode(a.alertId(), out);
    STRING.encode(a.exchange(), out);
    STRING.encode(a.symbol(), out);
    DECIMAL.encode(a.fromPrice(), out);
    LONG.encode(a.fromTimeMicros(), out);
    DECIMAL.encode(a.toPrice(), out);
    LONG.encode(a.toTimeMicros(), out);
    DOUBLE.encode(a.dropPct(), out);
    DOUBLE.encode(a.thresholdPct(), out);
    LONG.encode(a.windowStartMicros(), out);
    LONG.encode(a.windowEndMicros(), out);
    LONG.encode(a.emittedAtMicros(), out);
  }

  @Override
  public PriceAlert decode(InputStream in) throws IOException {
    return new PriceAlert(
        STRING.decode(in),
        STRING.decode(in),
        STRING.decode(in),
        DECIMAL.decode(in),
        LONG.decode(in),
        DECIMAL.decode(in),
        LONG.decode(in),
        DOUBLE.decode(in),
        DOUBLE.decode(in),
        LONG.decode(in),
        LONG.decode(in),
        LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    DOUBLE.verifyDeterministic();
  }
}
