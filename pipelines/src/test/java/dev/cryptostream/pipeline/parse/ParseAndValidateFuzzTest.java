package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.candles.BuildCandles;
import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 100,000 adversarial records with valid trades spread through them, seeded, through the real
 * ParseAndValidateTrades on the DirectRunner: nothing crashes (no dead letter carries a stack
 * trace, which only an unexpected exception produces), every bad record is a dead letter with the
 * reason its kind must get, the valid trades are exactly the ones generated, and their final
 * 1-minute candles equal a computation done here without the pipeline's code.
 */
class ParseAndValidateFuzzTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static final long SEED = 20261122L;
  private static final int BAD = 100_000;
  private static final int VALID = 6_000;
  private static final long NOW = Micros.of(Instant.parse("2026-11-22T10:30:00Z"));
  private static final Instant FIRST_TRADE = Instant.parse("2026-11-22T10:00:00Z");
  private static final TradeValidator VALIDATOR =
      new TradeValidator(Set.of(), ".*", Duration.ofSeconds(30), Duration.ofDays(7), null, null);
  private static final String[] SYMBOLS = {"BTC-USDT", "ETH-USDT", "SOL-USD"};

  /**
   * What the generator made: the records, the reason per offset (null = valid) and the valid
   * events.
   */
  record Corpus(
      List<SourceRecord> records, Map<Long, String> expectedReason, List<TradeEvent> valid) {}

  static Corpus generate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SourceRecord> records = new ArrayList<>(BAD + VALID);
    Map<Long, String> reasons = new HashMap<>();
    List<TradeEvent> valid = new ArrayList<>();
    int bad = 0;
    long offset = 0;
    while (bad < BAD || valid.size() < VALID) {
      // Valid trades are spread through the adversarial ones at random positions.
      boolean makeValid = bad == BAD || valid.size() < VALID && random.nextInt(BAD + VALID) < VALID;
      if (makeValid) {
        TradeEvent e = validEvent(random, valid.size());
        valid.add(e);
        records.add(record(offset++, TradeEventJson.toJsonBytes(e)));
      } else {
        Adversary.Bad b = Adversary.make(random, validEvent(random, VALID + bad), bad);
        reasons.put(offset, b.reason());
        records.add(record(offset++, b.payload()));
        bad++;
      }
    }
    return new Corpus(records, reasons, valid);
  }

  private static SourceRecord record(long offset, byte[] payload) {
    return new SourceRecord("crypto.trades.v1", (int) (offset % 6), offset, "k", 0L, payload);
  }

  /** A valid event with a unique, increasing time (so open/close need no tie-break) and id. */
  static TradeEvent validEvent(SplittableRandom random, int n) {
    Instant time = FIRST_TRADE.plusNanos(n * 250_000_000L + random.nextInt(1_000) * 1_000L);
    BigDecimal price =
        BigDecimal.valueOf(1_000_000 + random.nextInt(9_000_000), 2 + random.nextInt(5));
    BigDecimal quantity =
        BigDecimal.valueOf(
            1 + random.nextInt(100_000_000),
            random.nextInt(13)); // price x quantity within 18 decimals
    return new TradeEvent(
        "binance",
        SYMBOLS[random.nextInt(SYMBOLS.length)],
        Long.toString(1_000_000_000L + n),
        price,
        quantity,
        random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL,
        time,
        time.plusMillis(3),
        TradeSource.WS);
  }

  @Test
  void adversarialRecordsAreDeadLettersAndValidTradesAndCandlesAreExact() {
    Corpus corpus = corpus();
    assertEquals(BAD, corpus.expectedReason().size());
    // The runner's per-element clone and encode checks would double the cost of 106,000 records;
    // the coders involved are exercised by the other pipeline tests.
    DirectOptions direct = beam.pipeline().getOptions().as(DirectOptions.class);
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);

    PCollectionTuple out =
        beam.pipeline()
            .apply(
                "Records",
                Create.of(corpus.records()).withCoder(SerializableCoder.of(SourceRecord.class)))
            .apply("ParseAndValidate", new ParseAndValidateTrades(VALIDATOR, () -> NOW));

    // Checked as small strings ("offset reason stack?"), not whole dead letters with megabyte
    // payloads.
    Map<Long, String> expected = corpus.expectedReason();
    PCollection<String> letters =
        out.get(ParseAndValidateTrades.DEAD_LETTERS)
            .apply(
                "Verdicts",
                MapElements.into(TypeDescriptors.strings()).via(ParseAndValidateFuzzTest::verdict));
    PAssert.that(letters)
        .satisfies(
            all -> {
              int n = 0;
              Map<String, Integer> wrong = new TreeMap<>();
              for (String v : all) {
                n++;
                String[] parts = v.split(" ", 4);
                long offset = Long.parseLong(parts[0]);
                assertEquals(
                    "no-stack",
                    parts[2],
                    () -> "an unexpected exception at offset " + offset + ": " + v);
                assertNotNull(RejectReason.valueOf(parts[1]));
                String want = expected.get(offset);
                if (!parts[1].equals(want)) {
                  wrong.merge(
                      want + " -> " + parts[1] + " (e.g. offset " + offset + ": " + parts[3] + ")",
                      1,
                      Integer::sum);
                }
              }
              assertEquals(Map.of(), wrong);
              assertEquals(BAD, n);
              return null;
            });

    PCollection<Trade> trades = out.get(ParseAndValidateTrades.TRADES);
    Set<String> validIds = new TreeSet<>();
    corpus.valid().forEach(e -> validIds.add(e.tradeId()));
    PAssert.that(
            trades.apply(
                "TradeIds", MapElements.into(TypeDescriptors.strings()).via(Trade::tradeId)))
        .satisfies(
            ids -> {
              List<String> all = new ArrayList<>();
              ids.forEach(all::add);
              assertEquals(VALID, all.size());
              assertEquals(validIds, new TreeSet<>(all));
              return null;
            });

    PCollection<String> finalCandles =
        trades
            .apply(
                "Candles",
                new BuildCandles(
                    new BuildCandles.Settings(
                        org.joda.time.Duration.standardMinutes(1),
                        org.joda.time.Duration.standardMinutes(10),
                        org.joda.time.Duration.ZERO)))
            .apply("FinalPanes", Filter.by(Candle::finalPane))
            .apply(
                "CandleSummaries",
                MapElements.into(TypeDescriptors.strings()).via(ParseAndValidateFuzzTest::summary));
    PAssert.that(finalCandles).containsInAnyOrder(expectedCandles(corpus.valid()));

    beam.pipeline().run().waitUntilFinish();
  }

  /**
   * "offset reason stack|no-stack message": a stack trace only comes from an unexpected exception.
   */
  static String verdict(DeadLetter d) {
    assertTrue(
        !d.message().isEmpty() && ("parse".equals(d.stage()) || "validate".equals(d.stage())),
        d::toString);
    return d.offset()
        + " "
        + d.reasonCode()
        + " "
        + (d.stackTrace() == null ? "no-stack" : "stack")
        + " "
        + JsonFields.abbreviate(d.message());
  }

  static String summary(Candle c) {
    return String.join(
        " ",
        c.symbol(),
        Long.toString(c.windowStartMicros()),
        "o=" + c.open().toPlainString(),
        "h=" + c.high().toPlainString(),
        "l=" + c.low().toPlainString(),
        "c=" + c.close().toPlainString(),
        "v=" + c.volume().stripTrailingZeros().toPlainString(),
        "q=" + c.quoteVolume().stripTrailingZeros().toPlainString(),
        "vwap=" + c.vwap().toPlainString(),
        "n=" + c.tradeCount(),
        "buy=" + c.takerBuyVolume().stripTrailingZeros().toPlainString(),
        "sell=" + c.takerSellVolume().stripTrailingZeros().toPlainString(),
        "first=" + c.firstTradeTimeMicros(),
        "last=" + c.lastTradeTimeMicros());
  }

  /** Candles by plain arithmetic over the generated events, in generation (= time) order. */
  static List<String> expectedCandles(List<TradeEvent> events) {
    Map<String, List<TradeEvent>> byWindow = new TreeMap<>();
    for (TradeEvent e : events) {
      long t = Micros.of(e.tradeTime());
      long start = Math.floorDiv(t, 60_000_000L) * 60_000_000L;
      byWindow.computeIfAbsent(e.symbol() + " " + start, k -> new ArrayList<>()).add(e);
    }
    List<String> out = new ArrayList<>();
    byWindow.forEach(
        (key, list) -> {
          BigDecimal high = list.get(0).price();
          BigDecimal low = high;
          BigDecimal volume = BigDecimal.ZERO;
          BigDecimal quote = BigDecimal.ZERO;
          BigDecimal buy = BigDecimal.ZERO;
          BigDecimal sell = BigDecimal.ZERO;
          for (TradeEvent e : list) {
            high = high.max(e.price());
            low = low.min(e.price());
            volume = volume.add(e.quantity());
            quote = quote.add(e.price().multiply(e.quantity()));
            if (e.side() == TakerSide.BUY) {
              buy = buy.add(e.quantity());
            } else {
              sell = sell.add(e.quantity());
            }
          }
          TradeEvent first = list.get(0);
          TradeEvent last = list.get(list.size() - 1);
          out.add(
              String.join(
                  " ",
                  key,
                  "o=" + first.price().toPlainString(),
                  "h=" + high.toPlainString(),
                  "l=" + low.toPlainString(),
                  "c=" + last.price().toPlainString(),
                  "v=" + volume.stripTrailingZeros().toPlainString(),
                  "q=" + quote.stripTrailingZeros().toPlainString(),
                  "vwap=" + quote.divide(volume, 18, RoundingMode.HALF_EVEN).toPlainString(),
                  "n=" + list.size(),
                  "buy=" + buy.stripTrailingZeros().toPlainString(),
                  "sell=" + sell.stripTrailingZeros().toPlainString(),
                  "first=" + Micros.of(first.tradeTime()),
                  "last=" + Micros.of(last.tradeTime())));
        });
    return out;
  }

  private static Corpus corpus;

  /** Generated once for both tests: generation is a good part of the run time. */
  private static synchronized Corpus corpus() {
    if (corpus == null) {
      corpus = generate(SEED);
    }
    return corpus;
  }

  @Test
  void generatedBadRecordsCoverEveryKindAndStayReproducible() {
    Corpus a = corpus();
    Map<String, Integer> byReason = new TreeMap<>();
    a.expectedReason().values().forEach(r -> byReason.merge(r, 1, Integer::sum));
    for (String reason : Adversary.REASONS) {
      assertTrue(byReason.getOrDefault(reason, 0) >= 4, () -> reason + " too rare: " + byReason);
    }
    assertEquals(a.records(), generate(SEED).records(), "the corpus is reproducible from its seed");
    assertEquals(
        8,
        a.records().stream().filter(r -> r.payload().length > 1_000_000).count(),
        "huge payloads");
  }
}
