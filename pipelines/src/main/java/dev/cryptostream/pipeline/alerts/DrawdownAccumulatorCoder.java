package dev.cryptostream.pipeline.alerts;

import static dev.cryptostream.pipeline.model.FieldCoders.DECIMAL;
import static dev.cryptostream.pipeline.model.FieldCoders.INT;
import static dev.cryptostream.pipeline.model.FieldCoders.LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Compact, deterministic coder for {@link DrawdownAccumulator}: the bucket count, then per bucket
 * in time order its second (as the gap to the previous one: a byte), high and low with their times
 * (as microseconds into that second: three bytes, not eight).
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
      long secondStart = e.getKey() * DrawdownAccumulator.BUCKET_MICROS;
      DECIMAL.encode(b.high(), out);
      LONG.encode(b.highTime() - secondStart, out);
      DECIMAL.encode(b.low(), out);
      LONG.encode(b.lowTime() - secondStart, out);
    }
  }

  @Override
  public DrawdownAccumulator decode(InputStream in) throws IOException {
    DrawdownAccumulator acc = new DrawdownAccumulator();
    int n = INT.decode(in);
    long second = 0;
    for (int i = 0; i < n; i++) {
      second += LONG.decode(in);
      long secondStart = second * DrawdownAccumulator.BUCKET_MICROS;
      BigDecimal high = DECIMAL.decode(in);
      long highTime = secondStart + LONG.decode(in);
      BigDecimal low = DECIMAL.decode(in);
      long lowTime = secondStart + LONG.decode(in);
      acc.buckets().put(second, new DrawdownAccumulator.Bucket(high, highTime, low, lowTime));
    }
    return acc;
  }

  @Override
  public void verifyDeterministic() {}
}
