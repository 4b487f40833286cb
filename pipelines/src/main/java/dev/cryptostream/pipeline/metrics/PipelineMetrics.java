package dev.cryptostream.pipeline.metrics;

import dev.cryptostream.pipeline.model.RejectReason;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** Names of the pipeline's Beam metrics, in one place so the progress reporter can find them. */
public final class PipelineMetrics {
  public static final String NAMESPACE = "crypto";

  public static final String RECORDS_READ = "records_read";
  public static final String TRADES_PARSED = "trades_parsed";
  public static final String TRADES_VALID = "trades_valid";
  public static final String DEAD_LETTERS = "dead_letters";
  public static final String DEAD_LETTERS_PREFIX = "dead_letters_";

  /** Rows a sink refused (not records read: they are counted apart from {@link #DEAD_LETTERS}). */
  public static final String SINK_DEAD_LETTERS = "sink_dead_letters";

  /** Dead letters the dead_letters table itself refused: logged, nowhere else to go. */
  public static final String DEAD_LETTERS_LOST = "unwritable_dead_letters";

  public static final String DUPLICATES = "duplicates";
  public static final String UNIQUE_TRADES = "unique_trades";

  /**
   * Trades whose de-duplication horizon had passed when they arrived (trade time more than one to
   * two horizons behind the watermark): not checked, passed on as unique (and counted there too).
   */
  public static final String TRADES_PAST_DEDUP_HORIZON = "trades_past_dedup_horizon";

  public static final String CANDLES_EMITTED = "candles_emitted";

  /**
   * Trades in final candle panes: once a job has drained, unique trades minus this were too late.
   */
  public static final String CANDLE_TRADES_FINAL = "candle_trades_final";

  /** Derived at the end of a drained job: unique trades that no final candle holds. */
  public static final String TRADES_BEYOND_LATENESS = "trades_beyond_lateness";

  public static final String PRICE_ALERTS = "price_alerts";
  public static final String PRICE_RECORDS_READ = "price_records_read";
  public static final String PRICE_SNAPSHOTS_VALID = "price_snapshots_valid";

  /**
   * Price-snapshot records dead-lettered (apart from {@link #DEAD_LETTERS}, which counts trades).
   */
  public static final String PRICE_DEAD_LETTERS = "price_dead_letters";

  /** Alerts not passed on because they repeat a drop already alerted. */
  public static final String PRICE_ALERTS_REPEATED = "price_alerts_repeated";

  /**
   * Partial candles the runner dropped because their window had closed beyond the allowed lateness
   * (read from the runner's own counter). Their trades are still in raw_trades.
   */
  public static final String LATE_PARTIALS_DROPPED = "late_partials_dropped";

  public static final String LAKE_ROWS_PREFIX = "lake_rows_";

  /** Distribution of processing time minus trade time at ingest, in milliseconds. */
  public static final String INGEST_LATENCY_MS = "ingest_latency_ms";

  private PipelineMetrics() {}

  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }

  /** Counts one dead letter, in total and under its reason. */
  public static void countDeadLetter(String reasonCode) {
    counter(DEAD_LETTERS).inc();
    counter(DEAD_LETTERS_PREFIX + reasonCode).inc();
  }

  /** Counts one row a sink refused, in total and under its reason. */
  public static void countSinkRejection(RejectReason reason) {
    counter(SINK_DEAD_LETTERS).inc();
    counter(DEAD_LETTERS_PREFIX + reason.name()).inc();
  }

  /** Counts one rejected price-snapshot record, in total and under its reason. */
  public static void countPriceDeadLetter(RejectReason reason) {
    counter(PRICE_DEAD_LETTERS).inc();
    counter(DEAD_LETTERS_PREFIX + reason.name()).inc();
  }

  public static void countDeadLetter(RejectReason reason) {
    countDeadLetter(reason.name());
  }
}
