package dev.cryptostream.pipeline.candles;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.combine.Partial;
import dev.cryptostream.pipeline.model.Trade;
import java.math.BigDecimal;

/**
 * Running OHLCV state of one candle. Mutable on purpose (Beam combiners reuse accumulators); {@link
 * #merge} is associative and commutative, so partial candles can be built anywhere.
 */
public final class CandleAccumulator implements Partial<Trade, CandleAccumulator> {
  private static final long serialVersionUID = 1L;

  long count;
  long openTime;
  String openId;
  BigDecimal open;
  long closeTime;
  String closeId;
  BigDecimal close;
  BigDecimal high;
  BigDecimal low;
  BigDecimal volume = BigDecimal.ZERO;
  BigDecimal quoteVolume = BigDecimal.ZERO;
  BigDecimal takerBuyVolume = BigDecimal.ZERO;
  BigDecimal takerSellVolume = BigDecimal.ZERO;

  @Override
  public CandleAccumulator add(Trade t) {
    long time = t.tradeTimeMicros();
    if (count == 0 || TradeOrder.compare(time, t.tradeId(), openTime, openId) < 0) {
      openTime = time;
      openId = t.tradeId();
      open = t.price();
    }
    if (count == 0 || TradeOrder.compare(time, t.tradeId(), closeTime, closeId) > 0) {
      closeTime = time;
      closeId = t.tradeId();
      close = t.price();
    }
    high = high == null || t.price().compareTo(high) > 0 ? t.price() : high;
    low = low == null || t.price().compareTo(low) < 0 ? t.price() : low;
    volume = volume.add(t.quantity());
    quoteVolume = quoteVolume.add(t.quoteAmount());
    if (t.side() == TakerSide.BUY) {
      takerBuyVolume = takerBuyVolume.add(t.quantity());
    } else if (t.side() == TakerSide.SELL) {
      takerSellVolume = takerSellVolume.add(t.quantity());
    }
    count++;
    return this;
  }

  @Override
  public CandleAccumulator merge(CandleAccumulator other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0 || TradeOrder.compare(other.openTime, other.openId, openTime, openId) < 0) {
      openTime = other.openTime;
      openId = other.openId;
      open = other.open;
    }
    if (count == 0 || TradeOrder.compare(other.closeTime, other.closeId, closeTime, closeId) > 0) {
      closeTime = other.closeTime;
      closeId = other.closeId;
      close = other.close;
    }
    high = high == null || other.high.compareTo(high) > 0 ? other.high : high;
    low = low == null || other.low.compareTo(low) < 0 ? other.low : low;
    volume = volume.add(other.volume);
    quoteVolume = quoteVolume.add(other.quoteVolume);
    takerBuyVolume = takerBuyVolume.add(other.takerBuyVolume);
    takerSellVolume = takerSellVolume.add(other.takerSellVolume);
    count += other.count;
    return this;
  }

  public long count() {
    return count;
  }
}
