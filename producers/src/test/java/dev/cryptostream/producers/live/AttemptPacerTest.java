package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AttemptPacerTest {
  @Test
  void attemptsOfAllConnectionsAreSpacedByTheInterval() {
    AtomicLong now = new AtomicLong(1_000);
    AttemptPacer p = new AttemptPacer(Duration.ofNanos(400), now::get);
    assertEquals(0, p.reserve(), "the first attempt goes at once");
    assertEquals(400, p.reserve(), "a second connection at the same moment waits one interval");
    assertEquals(800, p.reserve(), "a third waits two");
    now.addAndGet(1_000);
    assertEquals(200, p.reserve(), "slots already booked still count");
    now.addAndGet(10_000);
    assertEquals(0, p.reserve(), "after a quiet spell: at once again");
  }
}
