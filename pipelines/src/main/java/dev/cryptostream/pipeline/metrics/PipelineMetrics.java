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
  public static final String DUPLICATES = "duplicates";
  public static final String UNIQUE_TRADES = "unique_trades";
  public static final String CANDLES_EMITTED = "candles_emitted";
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

  public static void countDeadLetter(RejectReason reason) {
    countDeadLetter(reason.name());
  }
}
