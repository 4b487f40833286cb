package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.ContractPatterns;
import dev.cryptostream.pipeline.testing.NearMisses;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContractDecimalTest {
  private static final Pattern CONTRACT = Pattern.compile(ContractPatterns.SIGNED_DECIMAL);

  @Test
  void acceptsTheContractsDecimalsAndNothingElse() {
    for (String yes :
        new String[] {
          "0",
          "-0",
          "1.5",
          "-97123.45",
          "12345678901234567890",
          "0.000000000000000001",
          "12345678901234567890.123456789012345678",
          "007.100"
        }) {
      assertTrue(ContractDecimal.isSigned(yes), yes);
    }
    for (String no :
        new String[] {
          "",
          "-",
          ".5",
          "5.",
          "+5",
          "--5",
          "1e5",
          "1.5\n",
          " 1",
          "1,5",
          "1.2.3",
          "١٢",
          "123456789012345678901",
          "0.0000000000000000001",
          "NaN",
          "-.5"
        }) {
      assertFalse(ContractDecimal.isSigned(no), no);
    }
  }

  @Test
  void agreesWithThePatternOnGeneratedNearMisses() {
    Random random = new Random(20261206);
    String alphabet = "0123456789.-+e ٣\n";
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder s = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
      s.append("9".repeat(1 + random.nextInt(22)));
      if (random.nextBoolean()) {
        s.append('.').append("1".repeat(random.nextInt(21)));
      }
      // One in three edited.
      String text = NearMisses.of(s.toString(), alphabet, 3, random);
      boolean expected = CONTRACT.matcher(text).find();
      assertEquals(expected, ContractDecimal.isSigned(text), text);
      accepted += expected ? 1 : 0;
    }
    assertTrue(accepted > 20_000 && accepted < 180_000, "accepted " + accepted);
  }
}
