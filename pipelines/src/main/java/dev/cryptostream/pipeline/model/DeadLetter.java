package dev.cryptostream.pipeline.model;

import dev.cryptostream.contracts.Utf8;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.Base64;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A record the pipeline could not accept, with everything needed to understand and replay it. One
 * shape for every stage (parse, validate, and later sink writes).
 *
 * @param reasonCode a {@link RejectReason} name
 * @param message human-readable explanation; never contains secrets
 * @param payloadText the original value when it is UTF-8 text
 * @param payloadBase64 the original value, base64, when it is not text
 * @param key the Kafka key when it is UTF-8 text
 * @param keyBase64 the Kafka key, base64, when it is not UTF-8 (kept byte for byte, never replaced
 *     by U+FFFD)
 * @param stage the pipeline stage that rejected it (parse, validate, ...)
 * @param failedAtMicros processing time of the rejection, microseconds since the epoch
 * @param stackTrace present only when an unexpected exception caused the rejection
 */
public record DeadLetter(
    String reasonCode,
    String message,
    @Nullable String payloadText,
    @Nullable String payloadBase64,
    String topic,
    int partition,
    long offset,
    @Nullable String key,
    @Nullable String keyBase64,
    long kafkaTimestampMillis,
    String stage,
    long failedAtMicros,
    @Nullable String stackTrace)
    implements Serializable {

  /** A dead letter whose key, if any, is text (rows from the sinks, which have no Kafka key). */
  public DeadLetter(
      String reasonCode,
      String message,
      @Nullable String payloadText,
      @Nullable String payloadBase64,
      String topic,
      int partition,
      long offset,
      @Nullable String key,
      long kafkaTimestampMillis,
      String stage,
      long failedAtMicros,
      @Nullable String stackTrace) {
    this(
        reasonCode,
        message,
        payloadText,
        payloadBase64,
        topic,
        partition,
        offset,
        key,
        null,
        kafkaTimestampMillis,
        stage,
        failedAtMicros,
        stackTrace);
  }

  /** Builds a dead letter for a source record, keeping its payload as text when it is text. */
  public static DeadLetter of(
      SourceRecord source,
      RejectReason reason,
      String message,
      String stage,
      long failedAtMicros,
      @Nullable Throwable cause) {
    byte[] payload = source.payload();
    byte[] key = source.key();
    return new DeadLetter(
        reason.name(),
        message,
        textOrNull(payload),
        base64IfNotText(payload),
        source.topic(),
        source.partition(),
        source.offset(),
        textOrNull(key),
        base64IfNotText(key),
        source.kafkaTimestampMillis(),
        stage,
        failedAtMicros,
        cause == null ? null : stackTraceOf(cause));
  }

  private static @Nullable String textOrNull(byte @Nullable [] bytes) {
    return bytes == null ? null : Utf8.decodeOrNull(bytes);
  }

  /** Bytes that are not UTF-8 text, as base64; null for text or no bytes. */
  private static @Nullable String base64IfNotText(byte @Nullable [] bytes) {
    return bytes != null && Utf8.decodeOrNull(bytes) == null
        ? Base64.getEncoder().encodeToString(bytes)
        : null;
  }

  public static String stackTraceOf(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
