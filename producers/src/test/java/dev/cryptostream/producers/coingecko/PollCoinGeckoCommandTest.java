package dev.cryptostream.producers.coingecko;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.CliArgs;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flag validation: every mistake is reported before anything connects to Kafka or CoinGecko. */
class PollCoinGeckoCommandTest {

  private static IllegalArgumentException rejected(String... flags) {
    return assertThrows(
        IllegalArgumentException.class,
        () -> PollCoinGeckoCommand.run(CliArgs.parse(flags, 0, Set.of()), "127.0.0.1:1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bitcoin", "bit coin", "btc/usd", ",", ""})
  void badCoinIdsAreRejected(String coins) {
    assertTrue(rejected("--coins", coins).getMessage().startsWith("--coins"));
  }

  @Test
  void badCurrencyIntervalBudgetAndUnknownFlagsAreRejected() {
    assertTrue(rejected("--vs", "USD").getMessage().startsWith("--vs"));
    assertTrue(rejected("--interval", "0s").getMessage().contains("--interval"));
    assertTrue(rejected("--interval", "soon").getMessage().contains("--interval"));
    assertTrue(rejected("--calls-per-minute", "0").getMessage().contains("--calls-per-minute"));
    assertTrue(rejected("--api-key", "secret").getMessage().contains("unknown flag --api-key"));
  }

  @Test
  void usageNamesEveryFlag() {
    for (String flag :
        new String[] {
          "--coins",
          "--vs",
          "--interval",
          "--topic",
          "--dlq-topic",
          "--api-key-env",
          "--base-url",
          "--calls-per-minute",
          "--timeout",
          "--duration",
          "--bootstrap-servers"
        }) {
      assertTrue(PollCoinGeckoCommand.USAGE.contains(flag), flag);
    }
  }
}
