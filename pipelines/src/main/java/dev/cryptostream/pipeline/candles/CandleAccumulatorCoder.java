package dev.cryptostream.pipeline.candles;

import static dev.cryptostream.pipeline.model.FieldCoders.DECIMAL;
import static dev.cryptostream.pipeline.model.FieldCoders.LONG;
import static dev.cryptostream.pipeline.model.FieldCoders.STRING;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Compact, deterministic coder for {@link CandleAccumulator}: the trade count, then (when there are
 * trades) open, close, high, low and the four sums. An empty accumulator is one byte.
 */
public final class CandleAccumulatorCoder extends AtomicCoder<CandleAccumulator> {
  private static final CandleAccumulatorCoder INSTANCE = new CandleAccumulatorCoder();

  public static CandleAccumulatorCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(CandleAccumulator a, OutputStream out) throws IOException {
    LONG.encode(a.count, out);
    if (a.count == 0) {
      return;
    }
    LONG.encode(a.openTime, out);
    STRING.encode(a.openId, out);
    DECIMAL.encode(a.open, out);
    LONG.encode(a.closeTime, out);
    STRING.encode(a.closeId, out);
    DECIMAL.encode(a.close, out);
    DECIMAL.encode(a.high, out);
    DECIMAL.encode(a.low, out);
    DECIMAL.encode(a.volume, out);
    DECIMAL.encode(a.quoteVolume, out);
    DECIMAL.encode(a.takerBuyVolume, out);
    DECIMAL.encode(a.takerSellVolume, out);
  }

  @Override
  public CandleAccumulator decode(InputStream in) throws IOException {
    CandleAccumulator a = new CandleAccumulator();
    a.count = LONG.decode(in);
    if (a.count == 0) {
      return a;
    }
    a.openTime = LONG.decode(in);
    a.openId = STRING.decode(in);
    a.open = DECIMAL.decode(in);
    a.closeTime = LONG.decode(in);
    a.closeId = STRING.decode(in);
    a.close = DECIMAL.decode(in);
    a.high = DECIMAL.decode(in);
    a.low = DECIMAL.decode(in);
    a.volume = DECIMAL.decode(in);
    a.quoteVolume = DECIMAL.decode(in);
    a.takerBuyVolume = DECIMAL.decode(in);
    a.takerSellVolume = DECIMAL.decode(in);
    return a;
  }

  @Override
  public void verifyDeterministic() {}
}
