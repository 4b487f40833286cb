package dev.cryptostream.pipeline.bigquery;

import com.google.api.services.bigquery.model.TableRow;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Dead letters for rows a sink could not take, in the same shape as parse and validation dead
 * letters. A raw trade row carries its Kafka coordinates, so its dead letter points back at the
 * source record; derived rows (candles, alerts) have none: empty topic, partition and offset -1.
 */
final class SinkDeadLetters {
  private SinkDeadLetters() {}

  static DeadLetter of(
      RejectReason reason,
      String message,
      String payload,
      @Nullable TableRow row,
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
}
