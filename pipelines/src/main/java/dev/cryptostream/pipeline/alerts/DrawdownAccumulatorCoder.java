package dev.cryptostream.pipeline.alerts;

import static dev.cryptostream.pipeline.model.FieldCoders.DECIMAL;
import static dev.cryptostream.pipeline.model.FieldCoders.INT;
import static dev.cryptostream.pipeline.model.FieldCoders.LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Compact, deterministic coder for {@link DrawdownAccumulator}: the bucket count, then per bucket
 * in time order its second (as the gap to the previous one, so a minute of buckets costs a byte
 * each), high and low with their times.
 */
public final class DrawdownAccumulatorCoder extends AtomicCoder<DrawdownAccumulator> {
  private static final DrawdownAccumulatorCoder INSTANCE = new DrawdownAccumulatorCoder();

  public static DrawdownAccumulatorCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DrawdownAccumulator acc, OutputStream out) throws IOException {
    INT.encode(acc.bucketCount(), out);
    long previous = 0;
    for (Map.Entry<Long, DrawdownAccumulator.Bucket> e : acc.buckets().entrySet()) {
      LONG.encode(e.getKey() - previous, out);
      previous = e.getKey();
      DrawdownAccumulator.Bucket b = e.getValue();
      DECIMAL.encode(b.high(), out);
      LONG.encode(b.highTime(), out);
      DECIMAL.encode(b.low(), out);
      LONG.encode(b.lowTime(), out);
    }
  }

  @Override
  public DrawdownAccumulator decode(InputStream in) throws IOException {
    DrawdownAccumulator acc = new DrawdownAccumulator();
    int n = INT.decode(in);
    long second = 0;
    for (int i = 0; i < n; i++) {
      second += LONG.decode(in);
      acc.buckets()
          .put(second, new DrawdownAccumulator.Bucket(DECIMAL.decode(in), LONG.decode(in), DECIMAL.decode(in), LONG.decode(in)));
    }
    return acc;
  }

  @Override
  public void verifyDeterministic() {}
}
