package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.ContractPatterns;
import dev.cryptostream.pipeline.testing.NearMisses;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContractIdsTest {
  /** Agreement with the contract's pattern (matched with find, as JSON Schema does). */
  private static void agrees(
      Pattern pattern, Predicate<String> byHand, String[] seeds, String alphabet) {
    Random random = new Random(20261206);
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      String text = NearMisses.of(seeds[random.nextInt(seeds.length)], alphabet, 2, random);
      boolean expected = pattern.matcher(text).find();
      assertEquals(expected, byHand.test(text), text);
      accepted += expected ? 1 : 0;
    }
    assertTrue(accepted > 50_000 && accepted < 150_000, "accepted " + accepted);
  }

  @Test
  void exchangeAgreesWithThePattern() {
    agrees(
        Pattern.compile(ContractPatterns.EXCHANGE),
        ContractIds::isExchange,
        new String[] {"binance", "coinbase", "ok", "a_1", "x".repeat(32), "kraken_futures2"},
        "az09_A-é\n \u2028٣ǅ");
  }

  @Test
  void symbolAgreesWithThePattern() {
    agrees(
        Pattern.compile(ContractPatterns.SYMBOL),
        ContractIds::isSymbol,
        new String[] {
          "BTC-USDT", "ETH-USD", "A-B", "1INCH-USDT", "X".repeat(16) + "-" + "Y".repeat(16)
        },
        "AZ09-az_é\n \u2028٣Ǆ");
  }
}
