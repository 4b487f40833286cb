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
    assertEquals(0, TradeOrder.compare(5, "007", 5, "7"));
    assertTrue(TradeOrder.compare(5, "123456789012345678901234", 5, "123456789012345678901235") < 0);
  }

  @Test
  void otherIdsCompareAsText() {
    assertTrue(TradeOrder.compare(5, "a-2", 5, "a-10") > 0);
    assertTrue(TradeOrder.compare(5, "abc", 5, "abd") < 0);
  }
}
