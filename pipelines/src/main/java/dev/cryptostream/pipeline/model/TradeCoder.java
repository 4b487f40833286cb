package dev.cryptostream.pipeline.model;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;

/**
 * Compact, deterministic coder for {@link Trade}: trades are the hot path, so no Java
 * serialization. Field order is the wire format; append fields only at the end.
 */
public final class TradeCoder extends AtomicCoder<Trade> {
  private static final TradeCoder INSTANCE = new TradeCoder();
  private static final Coder<String> STR = FieldCoders.STRING;
  private static final Coder<java.math.BigDecimal> DEC = FieldCoders.DECIMAL;
  private static final Coder<Long> LONG = FieldCoders.LONG;
  private static final Coder<Integer> INT = FieldCoders.INT;
  private static final TakerSide[] SIDES = TakerSide.values();
  private static final TradeSource[] SOURCES = TradeSource.values();

  public static TradeCoder of() {
    return INSTANCE;
  }

  // An enum travels as its ordinal (decoded through SIDES and SOURCES): new constants go last.
  @SuppressWarnings("EnumOrdinal")
  @Override
  public void encode(Trade t, OutputStream out) throws IOException {
    STR.encode(t.exchange(), out);
    STR.encode(t.symbol(), out);
    STR.encode(t.tradeId(), out);
    DEC.encode(t.price(), out);
    DEC.encode(t.quantity(), out);
    INT.encode(t.side().ordinal(), out);
    LONG.encode(t.tradeTimeMicros(), out);
    LONG.encode(t.receivedAtMicros(), out);
    INT.encode(t.source().ordinal(), out);
    INT.encode(t.schemaVersion(), out);
    STR.encode(t.kafkaTopic(), out);
    INT.encode(t.kafkaPartition(), out);
    LONG.encode(t.kafkaOffset(), out);
    LONG.encode(t.ingestTimeMicros(), out);
  }

  @Override
  public Trade decode(InputStream in) throws IOException {
    return new Trade(
        STR.decode(in),
        STR.decode(in),
        STR.decode(in),
        DEC.decode(in),
        DEC.decode(in),
        SIDES[INT.decode(in)],
        LONG.decode(in),
        LONG.decode(in),
        SOURCES[INT.decode(in)],
        INT.decode(in),
        STR.decode(in),
        INT.decode(in),
        LONG.decode(in),
        LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
