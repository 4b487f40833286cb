package dev.cryptostream.producers.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.CliRun;
import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.simulator.SimulateCommand.SimulateConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulateCommandTest {

  private static SimulateConfig config(String... options) {
    return CliRun.<SimulateCommand>parse("simulate", options).config();
  }

  @Test
  void defaults() {
    SimulateConfig c = config();
    String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    assertEquals(env != null ? env : "localhost:9092", c.bootstrapServers());
    assertEquals("crypto.trades.v1", c.topic());
    assertEquals(Instrument.parseList(ProducerCli.DEFAULT_SYMBOLS), c.instruments());
    assertEquals(5, c.instruments().size());
    assertEquals("binance", c.instruments().get(0).exchange());
    assertEquals("BTC-USDT", c.instruments().get(0).symbol());
    assertEquals(500.0, c.rate());
    assertEquals(Duration.ofMinutes(2), c.duration());
    assertEquals(0L, c.maxRecords());
    assertEquals(0.01, c.mix().duplicateFraction());
    assertEquals(0.02, c.mix().lateFraction());
    assertEquals(0.005, c.mix().malformedFraction());
    assertEquals(Duration.ofMinutes(2), c.mix().maxLateness());
    assertEquals(7L, c.seed());
    assertNull(c.tradeTimeStart());
    assertEquals(50.0, c.tradeRate());
  }

  @Test
  void everyOptionOverridesInBothSpellings() {
    SimulateConfig c =
        config(
            "--bootstrap-servers",
            "broker:29092",
            "--topic=t.x",
            "--symbols",
            "okx:eth-usdt,SOL-USD",
            "--rate",
            "0",
            "--duration=90s",
            "--max-records",
            "1000",
            "--duplicate-fraction",
            "0.1",
            "--late-fraction",
            "0.2",
            "--max-lateness",
            "30s",
            "--malformed-fraction",
            "0.3",
            "--seed",
            "99",
            "--trade-time-start",
            "2026-11-03T12:00:00Z",
            "--trade-rate",
            "20");
    assertEquals("broker:29092", c.bootstrapServers());
    assertEquals("t.x", c.topic());
    assertEquals(
        List.of("okx:ETH-USDT", "simulator:SOL-USD"),
        c.instruments().stream().map(i -> i.exchange() + ":" + i.symbol()).toList());
    assertEquals(0.0, c.rate());
    assertEquals(Duration.ofSeconds(90), c.duration());
    assertEquals(1000L, c.maxRecords());
    assertEquals(0.1, c.mix().duplicateFraction());
    assertEquals(0.2, c.mix().lateFraction());
    assertEquals(0.3, c.mix().malformedFraction());
    assertEquals(Duration.ofSeconds(30), c.mix().maxLateness());
    assertEquals(99L, c.seed());
    assertEquals(Instant.parse("2026-11-03T12:00:00Z"), c.tradeTimeStart());
    assertEquals(20.0, c.tradeRate());
    // The simulator it builds uses these instruments and the simulated trade clock.
    TradeSimulator.SimulatedRecord first = c.simulator().next();
    assertTrue(first.key().matches("(okx:ETH-USDT|simulator:SOL-USD)"), first.key());
    assertTrue(first.timestampMillis() < Instant.parse("2026-11-04T00:00:00Z").toEpochMilli());
  }

  @Test
  void unknownOptionIsAUsageErrorWithASuggestion() {
    CliRun r = CliRun.run("simulate", "--rat", "5");
    r.assertUsageError("error: Unknown option: '--rat' (did you mean --rate?)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0s", "-5s", "PT0S", "0ms"})
  void nonPositiveDurationIsAUsageError(String duration) {
    CliRun.run("simulate", "--duration", duration)
        .assertUsageError("error: --duration must be positive");
  }

  @Test
  void malformedValuesAreUsageErrorsNamingTheOptionAndValue() {
    CliRun.run("simulate", "--rate", "x")
        .assertUsageError("error: Invalid value for option '--rate': 'x' is not a double");
    CliRun.run("simulate", "--max-records", "1.5")
        .assertUsageError("error: Invalid value for option '--max-records': '1.5' is not a long");
    CliRun.run("simulate", "--duration", "soon")
        .assertUsageError(
            "error: Invalid value for option '--duration': must be a duration such as 90s, 2m or"
                + " PT2M, got 'soon'");
    CliRun.run("simulate", "--symbols", "BTCUSDT")
        .assertUsageError(
            "error: Invalid value for option '--symbols': bad symbol 'BTCUSDT' in --symbols");
    CliRun.run("simulate", "--trade-time-start", "yesterday")
        .assertUsageError(
            "error: Invalid value for option '--trade-time-start': must be an RFC 3339 instant");
    CliRun.run("simulate", "--rate", "-1").assertUsageError("error: --rate must be 0 or more");
    CliRun.run("simulate", "--max-records", "-1")
        .assertUsageError("error: --max-records must be 0 or more");
    CliRun.run("simulate", "--trade-rate", "0")
        .assertUsageError("error: --trade-rate must be positive");
  }

  @Test
  void missingValueIsAUsageError() {
    CliRun.run("simulate", "--seed")
        .assertUsageError("error: Missing required parameter for option '--seed' (N)");
  }

  @Test
  void invalidMixIsAUsageError() {
    CliRun.run("simulate", "--duplicate-fraction", "-0.1")
        .assertUsageError("error: fractions must be between 0 and 1");
    CliRun.run("simulate", "--late-fraction", "0.6", "--malformed-fraction", "0.6")
        .assertUsageError("error: duplicate + late + malformed fractions exceed 1");
    CliRun.run("simulate", "--max-lateness", "0s")
        .assertUsageError("error: maxLateness must be positive");
  }

  @Test
  void helpDescribesEveryOptionWithItsDefault() {
    String help = CliRun.run("simulate", "--help").assertSuccess();
    assertTrue(help.startsWith("Usage: producers simulate [-hV]"), help);
    for (String option :
        List.of(
            "--bootstrap-servers=HOST:PORT",
            "--topic=NAME",
            "--symbols=LIST",
            "--rate=N",
            "--duration=D",
            "--max-records=N",
            "--duplicate-fraction=F",
            "--late-fraction=F",
            "--max-lateness=D",
            "--malformed-fraction=F",
            "--seed=N",
            "--trade-time-start=T",
            "--trade-rate=N")) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
    assertTrue(help.contains("(default: 500)") && help.contains("(default: 2m)"), help);
    // The default list is wrapped over lines: compare without white space.
    assertTrue(
        help.replaceAll("\\s+", "").contains("(default:" + ProducerCli.DEFAULT_SYMBOLS + ")"),
        help);
  }

  @Test
  void versionIsTheProjectVersion() {
    CliRun.run("simulate", "--version").assertVersion();
  }
}
