package dev.cryptostream.pipeline.tables;

import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Dead letters for rows a sink could not take (lake or BigQuery), in the same shape as parse and
 * validation dead letters. A raw trade row carries its Kafka coordinates, so its dead letter points
 * back at the source record; derived rows (candles, alerts) have none: empty topic, -1 offsets.
 */
public final class SinkDeadLetters {
  private SinkDeadLetters() {}

  /**
   * A dead letter for a row a sink refused, counted in the sink rejection metric.
   *
   * @param row column values of the refused row when known (kafka_* columns are read from it)
   */
  public static DeadLetter of(
      RejectReason reason,
      String message,
      String payload,
      @Nullable Map<String, ?> row,
      String stage,
      @Nullable Throwable cause) {
    PipelineMetrics.countSinkRejection(reason);
    Object topic = row == null ? null : row.get("kafka_topic");
    Object partition = row == null ? null : row.get("kafka_partition");
    Object offset = row == null ? null : row.get("kafka_offset");
    return new DeadLetter(
        reason.name(),
        message,
        payload,
        null,
        topic == null ? "" : topic.toString(),
        partition == null ? -1 : Integer.parseInt(partition.toString()),
        offset == null ? -1L : Long.parseLong(offset.toString()),
        null,
        -1L,
        stage,
        Micros.now(),
        cause == null ? null : DeadLetter.stackTraceOf(cause));
  }

  /** The element could not be turned into a row of {@code table}. */
  public static <T> DeadLetter invalidRow(
      OutputTable<T> table, T element, String stage, RuntimeException e) {
    Map<String, Object> values;
    try {
      values = table.valuesByName(element);
    } catch (RuntimeException ignored) {
      values = null;
    }
    return of(
        RejectReason.SINK_ROW_INVALID,
        "cannot convert a " + table.name() + " row: " + e.getMessage(),
        String.valueOf(element),
        values,
        stage,
        e);
  }
}
