package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.CliRun;
import dev.cryptostream.producers.live.LiveCommand.LiveConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveCommandTest {

  private static CliRun run(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "live";
    System.arraycopy(options, 0, args, 1, options.length);
    return CliRun.run(args);
  }

  private static LiveConfig config(String... options) {
    return CliRun.<LiveCommand>parse("live", options).config();
  }

  @Test
  void helpDescribesEveryOptionAndSucceeds() {
    String usage = run("--help").assertSuccess();
    assertTrue(usage.startsWith("Usage: producers live [-hV] --venue=NAME --symbols=LIST"), usage);
    for (String option :
        List.of(
            "--venue=NAME",
            "--symbols=LIST",
            "--bootstrap-servers=HOST:PORT",
            "--topic=NAME",
            "--dlq-topic=NAME",
            "--ws-url=URL",
            "--rest-url=URL",
            "--status-every=D",
            "--duration=D",
            "--broker-timeout=D",
            "--max-trade-age=D|none",
            "--max-trade-ahead=D",
            "--backfill-horizon=D",
            "--time-unit=ms|us")) {
      assertTrue(usage.contains(option), option + " in\n" + usage);
    }
    assertTrue(usage.contains("Exit codes:"), usage);
  }

  @Test
  void versionIsTheProjectVersion() {
    run("--version").assertVersion();
  }

  @Test
  void unknownVenueIsAUsageError() {
    run("--venue", "mtgox", "--symbols", "BTC-USD")
        .assertUsageError(
            "error: Invalid value for option '--venue': unknown venue 'mtgox' (known: binance,"
                + " coinbase, kraken, okx)");
  }

  @Test
  void badSymbolFormatIsAUsageError() {
    run("--venue", "binance", "--symbols", "btcusdt")
        .assertUsageError("error: Invalid value for option '--symbols': bad symbol 'btcusdt'");
    run("--venue", "binance", "--symbols", "BTC-USDT,,ETH-USDT")
        .assertUsageError("error: Invalid value for option '--symbols': bad symbol ''");
  }

  @Test
  void missingRequiredOptionsAndUnknownOptionsAreUsageErrors() {
    run("--symbols", "BTC-USDT").assertUsageError("error: Missing required option: '--venue=NAME'");
    run("--venue", "binance").assertUsageError("error: Missing required option: '--symbols=LIST'");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--speed", "3")
        .assertUsageError("error: Unknown option: '--speed'");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--ws-url", "http://x")
        .assertUsageError(
            "error: Invalid value for option '--ws-url': must be a ws/wss URL, got 'http://x'");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--rest-url", "ftp://x")
        .assertUsageError("error: Invalid value for option '--rest-url': must be a http/https URL");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--status-every")
        .assertUsageError("error: Missing required parameter for option '--status-every' (D)");
  }

  @Test
  void kafkaSecurityFlagsAreTakenAndCheckedBeforeConnecting() {
    run(
            "--venue",
            "binance",
            "--symbols",
            "BTC-USDT",
            "--kafka-security-protocol",
            "SASL_PLAINTEXT",
            "--kafka-sasl-mechanism",
            "OAUTHBEARER")
        .assertUsageError(
            "error: --kafka-sasl-mechanism OAUTHBEARER needs --kafka-security-protocol SASL_SSL");
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
    assertTrue(run("--help").assertSuccess().contains("--kafka-properties=FILE"));
  }

  @Test
  void unreachableBrokerFailsWithExitCodeOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    long t0 = System.nanoTime();
    CliRun r =
        run(
            "--venue",
            "binance",
            "--symbols",
            "BTC-USDT",
            "--bootstrap-servers",
            "127.0.0.1:" + port,
            "--broker-timeout",
            "2s");
    assertEquals(1, r.exitCode, r::toString);
    assertTrue(
        r.err.startsWith("error: Kafka at 127.0.0.1:" + port + " is not ready"), r::toString);
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
    run("--venue", "binance", "--symbols", "A-B", "--duration", "0s")
        .assertUsageError("error: --duration must be positive");
    run("--venue", "binance", "--symbols", "A-B", "--status-every", "0s")
        .assertUsageError("error: --status-every must be positive");
    run("--venue", "binance", "--symbols", "A-B", "--broker-timeout", "-1s")
        .assertUsageError("error: --broker-timeout must be positive");
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
    run("--venue", "okx", "--symbols", "BTC-USDT", "--time-unit", "us")
        .assertUsageError(
            "error: --time-unit us is a Binance stream option; okx has no such option");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--time-unit", "ns")
        .assertUsageError("error: Invalid value for option '--time-unit': must be ms or us");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--max-trade-age", "forever")
        .assertUsageError(
            "error: Invalid value for option '--max-trade-age': must be a duration such as 90s");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--max-trade-ahead", "-1s")
        .assertUsageError("error: --max-trade-age and --max-trade-ahead must not be negative");
    run("--venue", "binance", "--symbols", "BTC-USDT", "--backfill-horizon", "-1m")
        .assertUsageError("error: --backfill-horizon must not be negative");
  }
}
