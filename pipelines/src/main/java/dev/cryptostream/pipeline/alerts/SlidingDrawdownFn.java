package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.instrument.TradeBatch;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.PriceAlertCoder;
import dev.cryptostream.pipeline.model.Trade;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The sliding alert windows of one instrument, evaluated from one set of per-second buckets instead
 * of one window per trade and period: a trade is added to its second once, and the windows are
 * evaluated when the watermark passes their ends, the way Beam's sliding windows with an
 * end-of-window trigger, late firings and allowed lateness fire:
 *
 * <ul>
 *   <li>one event-time timer per instrument, at the end of the next window that holds trades (and
 *       then every period while anything is remembered): each firing evaluates that window;
 *   <li>a late trade (its windows' ends already passed) re-evaluates each of its windows whose end
 *       plus the allowed lateness the watermark has not passed, in end order; a trade all of whose
 *       windows have expired is dropped, as the runner drops it from expired windows;
 *   <li>every evaluation passes through {@link OneAlertPerDrop}.
 * </ul>
 *
 * <p>The watermark is known through the timer: the end of the newest window evaluated on time is a
 * lower bound of it, exact to the period while the instrument has state, which is exact for the
 * lateness test when the allowed lateness is a whole number of periods. After an instrument has
 * been silent for longer than a window plus the allowed lateness its state is released; a trade
 * that then arrives beyond the lateness is evaluated rather than dropped.
 */
class SlidingDrawdownFn extends DoFn<KV<String, TradeBatch>, PriceAlert> {
  private final long windowMillis;
  private final long periodMillis;
  private final long latenessMillis;
  private final double threshold;
  private final Counter passed = PipelineMetrics.counter(PipelineMetrics.PRICE_ALERTS);
  private final Counter repeated = PipelineMetrics.counter(PipelineMetrics.PRICE_ALERTS_REPEATED);

  @StateId("buckets")
  private final StateSpec<ValueState<DrawdownAccumulator>> bucketsSpec =
      StateSpecs.value(DrawdownAccumulatorCoder.of());

  @StateId("passed")
  private final StateSpec<ValueState<List<PriceAlert>>> passedSpec =
      StateSpecs.value(ListCoder.of(PriceAlertCoder.of()));

  /** End (epoch ms) of the newest window whose end the watermark has passed. */
  @StateId("evaluatedThrough")
  private final StateSpec<ValueState<Long>> evaluatedThroughSpec =
      StateSpecs.value(VarLongCoder.of());

  /** End (epoch ms) of the window the timer waits for. */
  @StateId("nextEnd")
  private final StateSpec<ValueState<Long>> nextEndSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("windowEnd")
  private final TimerSpec windowEndSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  SlidingDrawdownFn(DetectPriceDrops.Settings settings) {
    this.windowMillis = settings.window().getMillis();
    this.periodMillis = settings.period().getMillis();
    this.latenessMillis = settings.allowedLateness().getMillis();
    this.threshold = settings.dropPercent();
  }

  @ProcessElement
  public void process(
      @Element KV<String, TradeBatch> element,
      @StateId("buckets") ValueState<DrawdownAccumulator> bucketsState,
      @StateId("passed") ValueState<List<PriceAlert>> passedState,
      @StateId("evaluatedThrough") ValueState<Long> evaluatedThroughState,
      @StateId("nextEnd") ValueState<Long> nextEndState,
      @TimerId("windowEnd") Timer windowEnd,
      OutputReceiver<PriceAlert> out) {
    // Only the timer moves evaluatedThrough: it holds for the whole batch.
    Long evaluated = evaluatedThroughState.read();
    DrawdownAccumulator buckets = null;
    Long nextEnd = nextEndState.read();
    Long nextEndBefore = nextEnd;
    TradeBatch batch = element.getValue();
    for (int i = 0; i < batch.size(); i++) {
      Trade trade = batch.trade(i);
      long time = Math.floorDiv(trade.tradeTimeMicros(), 1_000L);
      // The windows holding this trade start at whole periods in (time - window, time].
      long lastStart = Math.floorDiv(time, periodMillis) * periodMillis;
      long firstEnd = lastStart + periodMillis;
      long lastEnd = lastStart + windowMillis;
      if (evaluated != null && expired(lastEnd, evaluated)) {
        continue;
      }
      if (buckets == null) {
        buckets = bucketsState.read();
        if (buckets == null) {
          buckets = new DrawdownAccumulator();
        }
      }
      buckets.add(trade);
      if (evaluated != null) {
        for (long end = firstEnd; end <= Math.min(lastEnd, evaluated); end += periodMillis) {
          if (!expired(end, evaluated)) {
            evaluate(element.getKey(), buckets, end, passedState, batch.timestamp(i), out);
          }
        }
      }
      long firstPending =
          evaluated == null ? firstEnd : Math.max(firstEnd, evaluated + periodMillis);
      if (firstPending <= lastEnd && (nextEnd == null || firstPending < nextEnd)) {
        nextEnd = firstPending;
      }
    }
    if (buckets != null) {
      bucketsState.write(buckets);
    }
    if (nextEnd != null && !nextEnd.equals(nextEndBefore)) {
      nextEndState.write(nextEnd);
      windowEnd.set(Instant.ofEpochMilli(nextEnd - 1)); // the window's last instant, as its trigger
    }
  }

  @OnTimer("windowEnd")
  public void onWindowEnd(
      @Key String key,
      @StateId("buckets") ValueState<DrawdownAccumulator> bucketsState,
      @StateId("passed") ValueState<List<PriceAlert>> passedState,
      @StateId("evaluatedThrough") ValueState<Long> evaluatedThroughState,
      @StateId("nextEnd") ValueState<Long> nextEndState,
      @TimerId("windowEnd") Timer windowEnd,
      OutputReceiver<PriceAlert> out) {
    Long end = nextEndState.read();
    if (end == null) {
      return;
    }
    evaluatedThroughState.write(end);
    DrawdownAccumulator buckets = bucketsState.read();
    if (buckets != null) {
      evaluate(key, buckets, end, passedState, null, out);
      // Seconds no window that can still be evaluated holds.
      buckets.forgetBefore(Math.floorDiv(end - windowMillis - latenessMillis, 1_000L));
    }
    List<PriceAlert> passedAlerts = passedState.read();
    if (passedAlerts != null) {
      long newest =
          passedAlerts.stream().mapToLong(PriceAlert::toTimeMicros).max().orElse(Long.MIN_VALUE);
      if (Math.floorDiv(newest, 1_000L) + windowMillis + latenessMillis < end) {
        passedState.clear();
        passedAlerts = null;
      }
    }
    boolean keep = buckets != null && !buckets.isEmpty();
    if (keep) {
      bucketsState.write(buckets);
    } else {
      bucketsState.clear();
    }
    if (keep || passedAlerts != null) {
      nextEndState.write(end + periodMillis);
      windowEnd.set(Instant.ofEpochMilli(end + periodMillis - 1));
    } else {
      nextEndState.clear(); // the instrument is idle: release its state, keep its watermark
    }
  }

  /** True when the watermark has passed the window's end plus the allowed lateness. */
  private boolean expired(long windowEnd, long watermark) {
    return windowEnd - 1 + latenessMillis < watermark;
  }

  /**
   * The largest drop of the window ending at {@code end}, passed on when it is a new alert: at the
   * timestamp of the late trade that completed it, else (from the timer) at the timer's.
   */
  private void evaluate(
      String key,
      DrawdownAccumulator buckets,
      long end,
      ValueState<List<PriceAlert>> passedState,
      @Nullable Instant tradeTimestamp,
      OutputReceiver<PriceAlert> out) {
    long start = end - windowMillis;
    DrawdownAccumulator.Drop drop =
        buckets.largestDrop(Math.floorDiv(start, 1_000L), Math.floorDiv(end, 1_000L));
    if (drop == null || drop.percent() < threshold) {
      return;
    }
    int colon = key.indexOf(':');
    String exchange = key.substring(0, colon);
    String symbol = key.substring(colon + 1);
    PriceAlert alert =
        new PriceAlert(
            PriceAlert.idOf(exchange, symbol, drop.fromTime(), drop.toTime()),
            exchange,
            symbol,
            drop.fromPrice(),
            drop.fromTime(),
            drop.toPrice(),
            drop.toTime(),
            drop.percent(),
            threshold,
            start * 1_000L,
            end * 1_000L,
            Micros.now());
    List<PriceAlert> passedAlerts = passedState.read();
    if (passedAlerts == null) {
      passedAlerts = new ArrayList<>();
    } else if (OneAlertPerDrop.repeatsAny(passedAlerts, alert)) {
      repeated.inc();
      return;
    }
    passedAlerts.add(alert);
    passedState.write(passedAlerts);
    passed.inc();
    if (tradeTimestamp == null) {
      out.output(alert);
    } else {
      out.outputWithTimestamp(alert, tradeTimestamp);
    }
  }
}
