package dev.cryptostream.pipeline.model;

import static dev.cryptostream.pipeline.model.FieldCoders.BOOLEAN;
import static dev.cryptostream.pipeline.model.FieldCoders.DECIMAL;
import static dev.cryptostream.pipeline.model.FieldCoders.LONG;
import static dev.cryptostream.pipeline.model.FieldCoders.STRING;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Compact, deterministic coder for {@link Candle}. Field order is the wire format. */
public final class CandleCoder extends AtomicCoder<Candle> {
  private static final CandleCoder INSTANCE = new CandleCoder();

  public static CandleCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Candle c, OutputStream out) throws IOException {
    STRING.encode(c.exchange(), out);
    STRING.encode(c.symbol(), out);
    LONG.encode(c.windowStartMicros(), out);
    LONG.encode(c.windowEndMicros(), out);
    DECIMAL.encode(c.open(), out);
    DECIMAL.encode(c.high(), out);
    DECIMAL.encode(c.low(), out);
    DECIMAL.encode(c.close(), out);
    DECIMAL.encode(c.volume(), out);
    DECIMAL.encode(c.quoteVolume(), out);
    DECIMAL.encode(c.vwap(), out);
    LONG.encode(c.tradeCount(), out);
    DECIMAL.encode(c.takerBuyVolume(), out);
    DECIMAL.encode(c.takerSellVolume(), out);
    LONG.encode(c.firstTradeTimeMicros(), out);
    LONG.encode(c.lastTradeTimeMicros(), out);
    STRING.encode(c.paneTiming(), out);
    LONG.encode(c.paneIndex(), out);
    BOOLEAN.encode(c.finalPane(), out);
    LONG.encode(c.emittedAtMicros(), out);
  }

  @Override
  public Candle decode(InputStream in) throws IOException {
    return new Candle(
        STRING.decode(in),
        STRING.decode(in),
        LONG.decode(in),
        LONG.decode(in),
        DECIMAL.decode(in),
        DECIMAL.decode(in),
        DECIMAL.decode(in),
        DECIMAL.decode(in),
        DECIMAL.decode(in),
        DECIMAL.decode(in),
        DECIMAL.decode(in),
        LONG.decode(in),
        DECIMAL.decode(in),
        DECIMAL.decode(in),
        LONG.decode(in),
        LONG.decode(in),
        STRING.decode(in),
        LONG.decode(in),
        BOOLEAN.decode(in),
        LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
