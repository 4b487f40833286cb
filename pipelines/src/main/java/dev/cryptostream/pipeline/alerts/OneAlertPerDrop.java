package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.model.PriceAlert;
import java.util.List;

/**
 * One alert per drop episode of an instrument. Overlapping windows see the same fall, and each is
 * evaluated again for late trades, so one fall is seen many times; an alert is passed unless it
 * overlaps in time an alert already passed without falling at least {@link #DEEPENING_STEP_PCT}
 * percentage points deeper than it (a crash that goes on is alerted again). Passed alerts are
 * remembered until event time is a window plus the allowed lateness past the newest one.
 *
 * <p>Which alert of an episode comes first follows the order windows are evaluated in: window-end
 * order, as the watermark passes each end; a late trade re-evaluates the windows it falls in, also
 * in end order.
 */
final class OneAlertPerDrop {
  static final double DEEPENING_STEP_PCT = 1.0;

  private OneAlertPerDrop() {}

  /** True when {@code next} repeats one of the alerts already {@code passed}. */
  static boolean repeatsAny(List<PriceAlert> passed, PriceAlert next) {
    for (PriceAlert earlier : passed) {
      if (repeats(earlier, next)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code next} is the same episode as {@code earlier} and not deeper by a step. */
  static boolean repeats(PriceAlert earlier, PriceAlert next) {
    boolean overlaps =
        next.fromTimeMicros() <= earlier.toTimeMicros()
            && earlier.fromTimeMicros() <= next.toTimeMicros();
    return overlaps && next.dropPct() < earlier.dropPct() + DEEPENING_STEP_PCT;
  }
}
