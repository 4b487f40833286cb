package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingRefusalsTest {
  private static final List<String> WANTED = List.of("BTC-USD", "ETH-USD", "SOL-USD");
  private static final String WHY = " (the venue did not confirm it)";

  @Test
  void aCompleteListingPinsTheRefusalOnEverySymbolItLacks() {
    PendingRefusals p = new PendingRefusals();
    p.refused("Failed to subscribe", 0);
    assertEquals(Map.of(), p.attribute(WANTED), "nothing confirmed yet");
    p.confirmed(new FrameResult.Subscribed(List.of("BTC-USD"), true));
    assertEquals(
        Map.of("ETH-USD", "Failed to subscribe" + WHY, "SOL-USD", "Failed to subscribe" + WHY),
        p.attribute(WANTED));
    assertEquals(Map.of(), p.attribute(WANTED), "answered once");
    assertFalse(p.overdue(Long.MAX_VALUE, 0));
  }

  @Test
  void aListingBeforeTheRefusalCountsToo() {
    PendingRefusals p = new PendingRefusals();
    p.confirmed(new FrameResult.Subscribed(List.of("BTC-USD", "SOL-USD"), true));
    p.refused("Failed to subscribe", 0);
    assertEquals(Map.of("ETH-USD", "Failed to subscribe" + WHY), p.attribute(WANTED));
  }

  @Test
  void perSymbolAcknowledgementsPinARefusalOnlyWhenTheCountsAgree() {
    PendingRefusals p = new PendingRefusals();
    p.refused("60018: doesn't exist", 0);
    p.confirmed(new FrameResult.Subscribed(List.of("BTC-USD"), false));
    assertEquals(Map.of(), p.attribute(WANTED), "two unconfirmed, one refusal: wait");
    p.confirmed(new FrameResult.Subscribed(List.of("SOL-USD"), false));
    assertEquals(Map.of("ETH-USD", "60018: doesn't exist" + WHY), p.attribute(WANTED));
  }

  @Test
  void twoRefusalsForTwoUnacknowledgedSymbolsAreBothPinned() {
    PendingRefusals p = new PendingRefusals();
    p.refused("a", 0);
    p.refused("b", 1);
    p.confirmed(new FrameResult.Subscribed(List.of("BTC-USD"), false));
    assertEquals(Map.of("ETH-USD", "a; b" + WHY, "SOL-USD", "a; b" + WHY), p.attribute(WANTED));
  }

  @Test
  void withNothingConfirmedARefusalIsNeverPinnedAndBecomesOverdue() {
    PendingRefusals p = new PendingRefusals();
    p.refused("Requests too frequent", 1_000);
    p.confirmed(new FrameResult.Subscribed(List.of(), true));
    assertEquals(Map.of(), p.attribute(WANTED));
    assertEquals(
        Map.of(), p.attribute(List.of("BTC-USD")), "one symbol: the request may have failed");
    assertFalse(p.overdue(1_999, 1_000));
    assertTrue(p.overdue(2_000, 1_000));
    assertEquals("Requests too frequent", p.reasons());
  }

  @Test
  void aRefusalAfterEverySymbolWasConfirmedConcernsNoneOfThem() {
    PendingRefusals p = new PendingRefusals();
    p.confirmed(new FrameResult.Subscribed(WANTED, true));
    p.refused("Requests too frequent", 0);
    assertEquals(Map.of(), p.attribute(WANTED));
    assertFalse(p.overdue(Long.MAX_VALUE, 0), "cleared: nothing to reconnect for");
  }

  @Test
  void aSymbolAlreadyDroppedIsNotWantedAnyMore() {
    PendingRefusals p = new PendingRefusals();
    p.confirmed(new FrameResult.Subscribed(List.of("BTC-USD"), true));
    p.refused("x", 0);
    assertEquals(Map.of("SOL-USD", "x" + WHY), p.attribute(List.of("BTC-USD", "SOL-USD")));
  }
}
