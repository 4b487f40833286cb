package dev.cryptostream.pipeline.model;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One Kafka record as read, before any interpretation: the payload plus the coordinates that let
 * anyone find it again (topic, partition, offset). Carried into dead letters unchanged.
 */
public final class SourceRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partition;
  private final long offset;

  /** The key's bytes as read: a key that is not UTF-8 must reach a dead letter unchanged. */
  private final byte @Nullable [] key;

  private final long kafkaTimestampMillis;
  private final byte @Nullable [] payload;

  public SourceRecord(
      String topic,
      int partition,
      long offset,
      byte @Nullable [] key,
      long kafkaTimestampMillis,
      byte @Nullable [] payload) {
    this.topic = Objects.requireNonNull(topic);
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.kafkaTimestampMillis = kafkaTimestampMillis;
    this.payload = payload;
  }

  /** A record with a text key (as producers of the contract write it), encoded as UTF-8. */
  public SourceRecord(
      String topic,
      int partition,
      long offset,
      @Nullable String key,
      long kafkaTimestampMillis,
      byte @Nullable [] payload) {
    this(
        topic,
        partition,
        offset,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        kafkaTimestampMillis,
        payload);
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  public byte @Nullable [] key() {
    return key;
  }

  public long kafkaTimestampMillis() {
    return kafkaTimestampMillis;
  }

  public byte @Nullable [] payload() {
    return payload;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof SourceRecord that)) {
      return false;
    }
    return partition == that.partition
        && offset == that.offset
        && kafkaTimestampMillis == that.kafkaTimestampMillis
        && topic.equals(that.topic)
        && Arrays.equals(key, that.key)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
