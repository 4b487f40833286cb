package dev.cryptostream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.ProducerCli.SimulateConfig;
import dev.cryptostream.producers.simulator.Instrument;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProducerCliTest {

  private static SimulateConfig from(String... flags) {
    String[] args = new String[flags.length + 1];
    args[0] = "simulate";
    System.arraycopy(flags, 0, args, 1, flags.length);
    return SimulateConfig.from(CliArgs.parse(args, 1, Set.of()));
  }

  @Test
  void defaults() {
    SimulateConfig c = from();
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
  }

  @Test
  void everyFlagOverrides() {
    SimulateConfig c =
        from(
            "--bootstrap-servers", "broker:29092",
            "--topic", "t.x",
            "--symbols", "okx:eth-usdt,SOL-USD",
            "--rate", "0",
            "--duration", "90s",
            "--max-records", "1000",
            "--duplicate-fraction", "0.1",
            "--late-fraction", "0.2",
            "--max-lateness", "30s",
            "--malformed-fraction", "0.3",
            "--seed", "99");
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
    // The simulator it builds uses these instruments.
    assertTrue(c.simulator().next().key().matches("(okx:ETH-USDT|simulator:SOL-USD)"));
  }

  @Test
  void unknownFlagIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> from("--rat", "5"));
    assertEquals("unknown flag --rat", e.getMessage());
  }

  @Test
  void unknownFlagIsRejectedEvenNextToValidOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> from("--rate", "5", "--dry-run", "true"));
    assertEquals("unknown flag --dry-run", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0s", "-5s", "PT0S", "0ms"})
  void nonPositiveDurationIsRejected(String duration) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> from("--duration", duration));
    assertEquals("--duration must be positive", e.getMessage());
  }

  @Test
  void malformedValuesAreRejectedNamingTheFlag() {
    assertEquals(
        "--rate must be a number, got 'x'",
        assertThrows(IllegalArgumentException.class, () -> from("--rate", "x")).getMessage());
    assertEquals(
        "--max-records must be a whole number, got '1.5'",
        assertThrows(IllegalArgumentException.class, () -> from("--max-records", "1.5"))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> from("--duration", "soon"))
            .getMessage()
            .startsWith("--duration must be a duration"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> from("--symbols", "BTCUSDT"))
            .getMessage()
            .contains("bad symbol 'BTCUSDT'"));
  }

  @Test
  void invalidMixIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> from("--duplicate-fraction", "-0.1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> from("--late-fraction", "0.6", "--malformed-fraction", "0.6"));
    assertThrows(IllegalArgumentException.class, () -> from("--max-lateness", "0s"));
  }

  @Test
  void usageMentionsEverySimulateFlag() {
    for (String flag :
        List.of(
            "--bootstrap-servers",
            "--topic",
            "--symbols",
            "--rate",
            "--duration",
            "--max-records",
            "--duplicate-fraction",
            "--late-fraction",
            "--max-lateness",
            "--malformed-fraction",
            "--seed")) {
      assertTrue(ProducerCli.USAGE.contains(flag + " "), flag);
    }
  }
}
