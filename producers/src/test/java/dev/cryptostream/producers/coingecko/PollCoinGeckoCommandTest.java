package dev.cryptostream.producers.coingecko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.CliRun;
import dev.cryptostream.producers.cli.CommaList;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.CommandSpec;

/** Option validation: every mistake is reported before anything connects to Kafka or CoinGecko. */
class PollCoinGeckoCommandTest {

  private static CliRun run(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "poll-coingecko";
    System.arraycopy(options, 0, args, 1, options.length);
    return CliRun.run(args);
  }

  private static Object value(String option) {
    PollCoinGeckoCommand c = CliRun.parse("poll-coingecko");
    CommandSpec spec = picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(c);
    return spec.findOption(option).getValue();
  }

  @Test
  void defaults() {
    assertEquals(new CommaList<>(List.of("bitcoin", "ethereum")), value("--coins"));
    assertEquals(new CommaList<>(List.of("usd")), value("--vs"));
    assertEquals(Duration.ofSeconds(20), value("--interval"));
    assertEquals("prices.coingecko.v1", value("--topic"));
    assertEquals("prices.producer.dlq", value("--dlq-topic"));
    assertEquals("COINGECKO_API_KEY", value("--api-key-env"));
    assertEquals("https://api.coingecko.com", value("--base-url"));
    assertEquals(30, value("--calls-per-minute"));
    assertEquals(Duration.ofSeconds(10), value("--timeout"));
    assertEquals(null, value("--duration"));
  }

  @Test
  void listsAreTrimmedAndRepeatsDropped() {
    PollCoinGeckoCommand c =
        CliRun.parse("poll-coingecko", "--coins", "eth", "--coins", " bitcoin, ,bitcoin,sol");
    assertEquals(
        new CommaList<>(List.of("bitcoin", "sol")),
        CommandSpec.forAnnotatedObject(c).findOption("--coins").getValue(),
        "the later occurrence wins");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bitcoin", "bit coin", "btc/usd", ",", ""})
  void badCoinIdsAreRejected(String coins) {
    run("--coins", coins).assertUsageError("error: Invalid value for option '--coins': ");
  }

  @Test
  void badCurrencyIntervalBudgetAndUnknownOptionsAreRejected() {
    run("--vs", "USD")
        .assertUsageError(
            "error: Invalid value for option '--vs': 'USD' is not a lower-case CoinGecko id");
    run("--interval", "0s").assertUsageError("error: --interval and --timeout must be positive");
    run("--timeout", "-1s").assertUsageError("error: --interval and --timeout must be positive");
    run("--interval", "soon")
        .assertUsageError("error: Invalid value for option '--interval': must be a duration");
    run("--calls-per-minute", "0")
        .assertUsageError("error: --calls-per-minute must be between 1 and 10000");
    run("--calls-per-minute", "10001")
        .assertUsageError("error: --calls-per-minute must be between 1 and 10000");
    run("--calls-per-minute", "many")
        .assertUsageError(
            "error: Invalid value for option '--calls-per-minute': 'many' is not an int");
    run("--duration", "0s").assertUsageError("error: --duration must be positive");
    run("--base-url", "api.coingecko.com")
        .assertUsageError("error: Invalid value for option '--base-url': must be a http/https URL");
    run("--api-key-env").assertUsageError("error: Missing required parameter for option");
  }

  @Test
  void aKeyGivenToAMistypedOptionIsNotEchoedBack() {
    CliRun r = run("--api-key", "CG-secret-9f2");
    r.assertUsageError("error: Unknown option: '--api-key' (did you mean --api-key-env?)");
    assertTrue(!r.err.contains("CG-secret-9f2"), r::toString);
  }

  @Test
  void helpDescribesEveryOption() {
    String help = run("--help").assertSuccess();
    for (String option :
        new String[] {
          "--coins=LIST",
          "--vs=LIST",
          "--interval=D",
          "--topic=NAME",
          "--dlq-topic=NAME",
          "--api-key-env=NAME",
          "--base-url=URL",
          "--calls-per-minute=N",
          "--timeout=D",
          "--duration=D",
          "--bootstrap-servers=HOST:PORT"
        }) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
  }

  @Test
  void versionIsTheProjectVersion() {
    run("--version").assertVersion();
  }
}
