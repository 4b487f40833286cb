package dev.cryptostream.pipeline.candles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TradeOrderTest {
  @Test
  void timeDecidesFirst() {
    assertTrue(TradeOrder.compare(1, "9", 2, "1") < 0);
    assertTrue(TradeOrder.compare(3, "1", 2, "9") > 0);
  }

  @Test
  void numericIdsCompareAsNumbers() {
    assertTrue(TradeOrder.compare(5, "9", 5, "10") < 0);
    assertTrue(TradeOrder.compare(5, "0010", 5, "9") > 0);
    assertTrue(TradeOrder.compare(5, "007", 5, "7") != 0, "equal values still have a fixed order");
    assertEquals(
        Integer.signum(TradeOrder.compare(5, "007", 5, "7")),
        -Integer.signum(TradeOrder.compare(5, "7", 5, "007")));
    assertTrue(
        TradeOrder.compare(5, "123456789012345678901234", 5, "123456789012345678901235") < 0);
  }

  @Test
  void mixedFormatsFormATotalOrder() {
    // "9" < "10" numerically; numeric ids come before other ids, so "10" < "5x" and "9" < "5x".
    assertTrue(TradeOrder.compare(5, "9", 5, "10") < 0);
    assertTrue(TradeOrder.compare(5, "10", 5, "5x") < 0);
    assertTrue(TradeOrder.compare(5, "9", 5, "5x") < 0, "transitive");
    assertTrue(TradeOrder.compare(5, "5x", 5, "9") > 0);
  }

  @Test
  void otherIdsCompareAsText() {
    assertTrue(TradeOrder.compare(5, "a-2", 5, "a-10") > 0);
    assertTrue(TradeOrder.compare(5, "abc", 5, "abd") < 0);
  }
}
