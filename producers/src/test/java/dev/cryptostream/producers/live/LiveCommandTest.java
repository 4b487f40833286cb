package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.CliArgs;
import dev.cryptostream.producers.live.LiveCommand.LiveConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveCommandTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "live";
    System.arraycopy(args, 0, full, 1, args.length);
    return LiveCommand.run(
        full,
        1,
        "localhost:9092",
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private static LiveConfig config(String... flags) {
    return LiveConfig.from(CliArgs.parse(flags, 0, Set.of()), "localhost:9092");
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    assertEquals(0, run("--help"));
    String usage = outBytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        usage.contains("--venue") && usage.contains("--ws-url") && usage.contains("--rest-url"),
        usage);
  }

  @Test
  void unknownVenueIsAUsageError() {
    assertEquals(2, run("--venue", "mtgox", "--symbols", "BTC-USD"));
    assertTrue(err().contains("unknown venue 'mtgox'"), err());
  }

  @Test
  void badSymbolFormatIsAUsageError() {
    assertEquals(2, run("--venue", "binance", "--symbols", "btcusdt"));
    assertTrue(err().contains("bad symbol 'btcusdt'"), err());
    errBytes.reset();
    assertEquals(2, run("--venue", "binance", "--symbols", "BTC-USDT,,ETH-USDT"));
    assertTrue(err().contains("bad symbol ''"), err());
  }

  @Test
  void missingRequiredFlagsAndUnknownFlagsAreUsageErrors() {
    assertEquals(2, run("--symbols", "BTC-USDT"));
    assertTrue(err().contains("--venue is required"), err());
    errBytes.reset();
    assertEquals(2, run("--venue", "binance"));
    assertTrue(err().contains("--symbols is required"), err());
    errBytes.reset();
    assertEquals(2, run("--venue", "binance", "--symbols", "BTC-USDT", "--speed", "3"));
    assertTrue(err().contains("unknown flag --speed"), err());
    errBytes.reset();
    assertEquals(2, run("--venue", "binance", "--symbols", "BTC-USDT", "--ws-url", "http://x"));
    assertTrue(err().contains("--ws-url must be a ws/wss URL"), err());
  }

  @Test
  void kafkaSecurityFlagsAreTakenAndCheckedBeforeConnecting() {
    assertEquals(
        2,
        run(
            "--venue",
            "binance",
            "--symbols",
            "BTC-USDT",
            "--kafka-security-protocol",
            "SASL_PLAINTEXT",
            "--kafka-sasl-mechanism",
            "OAUTHBEARER"));
    assertTrue(err().contains("OAUTHBEARER needs --kafka-security-protocol SASL_SSL"), err());
    LiveConfig c =
        config(
            "--venue",
            "okx",
            "--symbols",
            "BTC-USDT",
            "--kafka-security-protocol",
            "SASL_SSL",
            "--kafka-sasl-mechanism",
            "OAUTHBEARER");
    assertEquals("OAUTHBEARER", c.security().properties().get("sasl.mechanism"));
    assertTrue(
        run("--help") == 0
            && outBytes.toString(StandardCharsets.UTF_8).contains("--kafka-properties"));
  }

  @Test
  void unreachableBrokerFailsWithExitCodeOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    long t0 = System.nanoTime();
    assertEquals(
        1,
        run(
            "--venue",
            "binance",
            "--symbols",
            "BTC-USDT",
            "--bootstrap-servers",
            "127.0.0.1:" + port,
            "--broker-timeout",
            "2s"));
    assertTrue(err().contains("Kafka at 127.0.0.1:" + port + " is not ready"), err());
    assertTrue((System.nanoTime() - t0) / 1e9 < 15, "gives up near the timeout");
  }

  @Test
  void defaultsAndOverrides() {
    LiveConfig d = config("--venue", "Binance", "--symbols", "BTC-USDT, ETH-USDT,BTC-USDT");
    assertEquals("binance", d.venue());
    assertEquals(List.of("BTC-USDT", "ETH-USDT"), d.symbols());
    assertEquals("crypto.trades.v1", d.topic());
    assertEquals("trades.producer.dlq", d.dlqTopic());
    assertEquals("wss://stream.binance.com:9443", d.wsUrl());
    assertEquals("https://api.binance.com", d.restUrl());
    assertEquals(Duration.ofSeconds(30), d.statusEvery());
    assertNull(d.duration());

    LiveConfig o =
        config(
            "--venue",
            "binance",
            "--symbols",
            "BTC-USDT",
            "--ws-url",
            "ws://127.0.0.1:1",
            "--rest-url",
            "http://127.0.0.1:2",
            "--topic",
            "t",
            "--dlq-topic",
            "d",
            "--status-every",
            "5s",
            "--duration",
            "1m",
            "--bootstrap-servers",
            "b:1");
    assertEquals("ws://127.0.0.1:1", o.wsUrl());
    assertEquals("http://127.0.0.1:2", o.restUrl());
    assertEquals("t", o.topic());
    assertEquals("d", o.dlqTopic());
    assertEquals("b:1", o.bootstrapServers());
    assertEquals(Duration.ofMinutes(1), o.duration());
    assertThrows(
        IllegalArgumentException.class,
        () -> config("--venue", "binance", "--symbols", "A-B", "--duration", "0s"));
  }

  @Test
  void tradeTimeWindowBackfillHorizonAndTimeUnitFlags() {
    LiveConfig defaults = config("--venue", "binance", "--symbols", "BTC-USDT");
    assertEquals(TradeTimeWindow.LIVE_DEFAULT, defaults.tradeTimeWindow());
    assertEquals(Duration.ofMinutes(10), defaults.backfillHorizon());
    assertEquals(false, defaults.microseconds());
    LiveConfig c =
        config(
            "--venue",
            "binance",
            "--symbols",
            "BTC-USDT",
            "--max-trade-age",
            "none",
            "--max-trade-ahead",
            "5s",
            "--backfill-horizon",
            "2m",
            "--time-unit",
            "us");
    assertNull(c.tradeTimeWindow().maxAge());
    assertEquals(Duration.ofSeconds(5), c.tradeTimeWindow().maxAhead());
    assertEquals(Duration.ofMinutes(2), c.backfillHorizon());
    assertEquals(true, c.microseconds());
    assertEquals(
        Duration.ofHours(2),
        config("--venue", "okx", "--symbols", "BTC-USDT", "--max-trade-age", "2h")
            .tradeTimeWindow()
            .maxAge());
  }

  @Test
  void badWindowHorizonOrTimeUnitIsAUsageError() {
    assertEquals(2, run("--venue", "okx", "--symbols", "BTC-USDT", "--time-unit", "us"));
    assertTrue(
        err().contains("--time-unit us is a Binance stream option; okx has no such option"), err());
    errBytes.reset();
    assertEquals(2, run("--venue", "binance", "--symbols", "BTC-USDT", "--time-unit", "ns"));
    assertTrue(err().contains("--time-unit must be ms or us"), err());
    errBytes.reset();
    assertEquals(
        2, run("--venue", "binance", "--symbols", "BTC-USDT", "--max-trade-age", "forever"));
    assertTrue(err().contains("--max-trade-age must be a duration"), err());
    errBytes.reset();
    assertEquals(
        2, run("--venue", "binance", "--symbols", "BTC-USDT", "--backfill-horizon", "-1m"));
    assertTrue(err().contains("--backfill-horizon"), err());
  }
}
