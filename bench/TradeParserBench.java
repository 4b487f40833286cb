import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.parse.TradeJsonParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/**
 * The trade parser on its own, in one JVM: the same trades written in the producers' plain form
 * (read by hand) and with one escaped character in the trade id (the same trade, read through the
 * strict reader's tree, as every payload was before the plain reading). Prints ns per record for
 * each round, alternating the two (the first rounds are JIT warm-up).
 *
 * <p>usage: java -cp pipelines/target/pipelines-*-bundled.jar bench/TradeParserBench.java [TRADES
 * [ROUNDS]]
 */
public class TradeParserBench {
  static volatile Object sink;

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Random random = new Random(20261206);
    SourceRecord[] plain = new SourceRecord[n];
    SourceRecord[] escaped = new SourceRecord[n];
    Instant start = Instant.parse("2026-12-06T00:00:00Z");
    for (int i = 0; i < n; i++) {
      Instant t = start.plusNanos(random.nextInt(86_400_000) * 1_000_000L);
      String json =
          TradeEventJson.toJson(
              new TradeEvent(
                  "binance",
                  "BTC-USDT",
                  "7" + (100_000_000 + i),
                  new BigDecimal((40_000 + random.nextInt(5_000)) + "." + random.nextInt(100_000_000)),
                  new BigDecimal("0." + (1 + random.nextInt(99_999_999))),
                  random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL,
                  t,
                  t.plusMillis(3),
                  TradeSource.WS));
      plain[i] = record(i, json);
      escaped[i] = record(i, json.replace("\"trade_id\":\"7", "\"trade_id\":\"\\u0037"));
    }
    TradeJsonParser parser = new TradeJsonParser();
    for (int i = 0; i < n; i++) {
      if (!parser.parse(plain[i], 0L).equals(parser.parse(escaped[i], 0L))) {
        throw new AssertionError("the two forms parse differently: " + i);
      }
    }
    for (int round = 1; round <= rounds; round++) {
      long plainNs = time(parser, plain);
      long escapedNs = time(parser, escaped);
      System.out.printf(
          "round %d: plain form %d ns per record, one escape (strict reader) %d ns, ratio %.2f%n",
          round, plainNs, escapedNs, (double) plainNs / escapedNs);
    }
  }

  private static SourceRecord record(long offset, String json) {
    return new SourceRecord(
        "bench", 0, offset, (byte[]) null, 0L, json.getBytes(StandardCharsets.UTF_8));
  }

  private static long time(TradeJsonParser parser, SourceRecord[] records) {
    long t0 = System.nanoTime();
    for (int k = 0; k < 5; k++) {
      for (SourceRecord r : records) {
        sink = parser.parse(r, 0L);
      }
    }
    return (System.nanoTime() - t0) / (5L * records.length);
  }
}
