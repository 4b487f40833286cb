package dev.cryptostream.producers.simulator;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.contracts.TradeTopics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Generates a synthetic but market-like stream of canonical trade events: prices follow a geometric
 * random walk on each instrument's tick grid, sizes are log-normal (many small trades, a few large
 * ones), the taker side is persistent (order flow comes in runs), and busier instruments trade more
 * often. Configurable fractions of the stream are exact duplicates, late trades (trade time in the
 * past) and malformed records, so that a run exercises every path of the pipeline.
 *
 * <p>Deterministic for a given seed and clock. Not thread-safe.
 */
public final class TradeSimulator {
  /** What a generated record is meant to be. */
  public enum Kind {
    TRADE,
    LATE_TRADE,
    DUPLICATE,
    MALFORMED
  }

  /** One record ready for Kafka. {@code malformed} is set only for MALFORMED records. */
  @SuppressWarnings("ArrayRecordComponent") // handed to Kafka, never compared or hashed
  public record SimulatedRecord(
      Kind kind,
      String key,
      byte[] value,
      long timestampMillis,
      MalformedKind malformed,
      TradeEvent event) {}

  /** The shares of special records, each between 0 and 1, summing to at most 1. */
  public record Mix(
      double duplicateFraction,
      double lateFraction,
      double malformedFraction,
      Duration maxLateness) {
    public Mix {
      for (double f : new double[] {duplicateFraction, lateFraction, malformedFraction}) {
        if (!(f >= 0 && f <= 1)) { // also rejects NaN
          throw new IllegalArgumentException("fractions must be between 0 and 1");
        }
      }
      if (duplicateFraction + lateFraction + malformedFraction > 1) {
        throw new IllegalArgumentException("duplicate + late + malformed fractions exceed 1");
      }
      if (maxLateness.isNegative() || maxLateness.isZero()) {
        throw new IllegalArgumentException("maxLateness must be positive");
      }
    }

    public static Mix none() {
      return new Mix(0, 0, 0, Duration.ofSeconds(1));
    }
  }

  /** Per-trade volatility of the log price: about 2 basis points. */
  private static final double SIGMA = 0.0002;

  private static final int RECENT = 1024;

  private final List<Instrument> instruments;
  private final double[] cumulativeWeights;
  private final double[] price;
  private final String[] keys; // the Kafka key of each instrument, built once
  private final long[] nextTradeId;
  private final Instant[] lastTradeTime;
  private final TakerSide[] lastSide;
  private final Mix mix;
  private final SplittableRandom random;
  private final Supplier<Instant> clock;
  private final SimulatedRecord[] recent = new SimulatedRecord[RECENT];
  private long recentCount;

  public TradeSimulator(List<Instrument> instruments, Mix mix, long seed, Supplier<Instant> clock) {
    if (instruments.isEmpty()) {
      throw new IllegalArgumentException("no instruments");
    }
    this.instruments = List.copyOf(instruments);
    this.mix = mix;
    this.random = new SplittableRandom(seed);
    this.clock = clock;
    int n = instruments.size();
    cumulativeWeights = new double[n];
    price = new double[n];
    keys = new String[n];
    nextTradeId = new long[n];
    lastTradeTime = new Instant[n];
    lastSide = new TakerSide[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += 1.0 / (i + 1); // the first instrument is the busiest, like BTC
      cumulativeWeights[i] = total;
      price[i] = instruments.get(i).startPrice().doubleValue();
      keys[i] = TradeTopics.key(instruments.get(i).exchange(), instruments.get(i).symbol());
      nextTradeId[i] = 1_000_000L + random.nextInt(1_000_000);
      lastTradeTime[i] = Instant.EPOCH;
      lastSide[i] = TakerSide.BUY;
    }
    for (int i = 0; i < n; i++) {
      cumulativeWeights[i] /= total;
    }
  }

  @SuppressWarnings("EnumOrdinal") // a random constant is drawn by index; no index is kept
  public SimulatedRecord next() {
    double roll = random.nextDouble();
    if (roll < mix.duplicateFraction() && recentCount > 0) {
      SimulatedRecord original = recent[(int) random.nextLong(Math.min(recentCount, RECENT))];
      return new SimulatedRecord(
          Kind.DUPLICATE,
          original.key(),
          original.value(),
          original.timestampMillis(),
          null,
          original.event());
    }
    roll -= mix.duplicateFraction();
    if (roll >= 0 && roll < mix.malformedFraction()) {
      TradeEvent event = freshTrade(pickInstrument(), clock.get());
      MalformedKind kind = MalformedKind.values()[random.nextInt(MalformedKind.values().length)];
      byte[] bad = kind.corrupt(TradeEventJson.toJson(event), event.price().toPlainString());
      return new SimulatedRecord(
          Kind.MALFORMED, event.kafkaKey(), bad, event.tradeTime().toEpochMilli(), kind, null);
    }
    roll -= mix.malformedFraction();
    boolean late = roll >= 0 && roll < mix.lateFraction();
    Instant now = clock.get();
    int i = pickInstrument();
    TradeEvent event;
    if (late) {
      // Late by 1 s up to maxLateness (or by half of it up to it, for a lateness under 2 s).
      long max = mix.maxLateness().toMillis();
      long min = Math.min(1_000, max / 2);
      long lagMillis = min + random.nextLong(Math.max(1, max - min + 1));
      event = freshTrade(i, now.minusMillis(lagMillis), now);
    } else {
      event = freshTrade(i, now);
    }
    SimulatedRecord record =
        new SimulatedRecord(
            late ? Kind.LATE_TRADE : Kind.TRADE,
            keys[i],
            TradeEventJson.toJsonBytes(event),
            event.tradeTime().toEpochMilli(),
            null,
            event);
    recent[(int) (recentCount++ % RECENT)] = record;
    return record;
  }

  private int pickInstrument() {
    double u = random.nextDouble();
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (u < cumulativeWeights[i]) {
        return i;
      }
    }
    return cumulativeWeights.length - 1;
  }

  private TradeEvent freshTrade(int i, Instant now) {
    // Trade times of one instrument never go backwards, like a venue's matching engine.
    Instant t = now.truncatedTo(ChronoUnit.MICROS);
    if (!t.isAfter(lastTradeTime[i])) {
      t = lastTradeTime[i].plus(1, ChronoUnit.MICROS);
    }
    lastTradeTime[i] = t;
    return freshTrade(i, t, now);
  }

  private TradeEvent freshTrade(int i, Instant tradeTime, Instant receivedAt) {
    Instrument instrument = instruments.get(i);
    price[i] *= Math.exp(SIGMA * gaussian());
    BigDecimal px = onTickGrid(price[i], instrument.tick());
    // Log-normal size around a notional of ~500 quote units, 8 decimals like most venues.
    double notional = 500 * Math.exp(1.2 * gaussian());
    BigDecimal qty = quantity8(notional / price[i]);
    // Persistent order flow: keep the previous taker side 70% of the time.
    TakerSide side =
        random.nextDouble() < 0.7
            ? lastSide[i]
            : (random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL);
    lastSide[i] = side;
    return new TradeEvent(
        instrument.exchange(),
        instrument.symbol(),
        Long.toString(nextTradeId[i]++),
        px,
        qty,
        side,
        tradeTime.truncatedTo(ChronoUnit.MICROS),
        receivedAt.truncatedTo(ChronoUnit.MICROS),
        TradeSource.SIMULATOR);
  }

  /**
   * The price rounded (half-even) to the tick grid, at least one tick: exactly what {@code
   * BigDecimal.valueOf(price).divide(tick, 0, HALF_EVEN).max(ONE).multiply(tick)} gives, but
   * without formatting the double as text, which was a quarter of the simulator's CPU time.
   * Rounding in binary can differ from rounding its shortest decimal only next to a tie, so values
   * near one take the exact decimal path.
   */
  static BigDecimal onTickGrid(double price, BigDecimal tick) {
    double ticks = price / tick.doubleValue();
    long rounded = Math.round(ticks);
    if (ticks > 1e15 || !(ticks > 0) || nearHalf(ticks)) {
      return BigDecimal.valueOf(price)
          .divide(tick, 0, RoundingMode.HALF_EVEN)
          .max(BigDecimal.ONE)
          .multiply(tick);
    }
    return BigDecimal.valueOf(
        tick.unscaledValue().longValueExact() * Math.max(1, rounded), tick.scale());
  }

  private static final BigDecimal ONE_UNIT_8 = new BigDecimal("0.00000001");

  /**
   * The quantity rounded half-up to 8 decimals, at least 0.00000001: exactly what {@code
   * BigDecimal.valueOf(q).setScale(8, HALF_UP).max(1E-8)} gives, the same way as {@link
   * #onTickGrid}.
   */
  static BigDecimal quantity8(double q) {
    double units = q * 1e8;
    if (units > 1e15 || !(units > 0) || nearHalf(units)) {
      return BigDecimal.valueOf(q).setScale(8, RoundingMode.HALF_UP).max(ONE_UNIT_8);
    }
    return BigDecimal.valueOf(Math.max(1, Math.round(units)), 8);
  }

  /** Whether x lies so close to k + 0.5 that binary and decimal rounding might disagree. */
  private static boolean nearHalf(double x) {
    double fraction = x - Math.floor(x);
    return Math.abs(fraction - 0.5) <= 1e-6 + 8 * Math.ulp(x);
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
