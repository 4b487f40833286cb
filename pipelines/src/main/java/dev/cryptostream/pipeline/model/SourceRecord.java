package dev.cryptostream.pipeline.model;

import java.io.Serializable;
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
  private final @Nullable String key;
  private final long kafkaTimestampMillis;
  private final byte @Nullable [] payload;

  public SourceRecord(
      String topic,
      int partition,
      long offset,
      @Nullable String key,
      long kafkaTimestampMillis,
      byte @Nullable [] payload) {
    this.topic = Objects.requireNonNull(topic);
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.kafkaTimestampMillis = kafkaTimestampMillis;
    this.payload = payload;
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

  public @Nullable String key() {
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
    if (!(o instanceof SourceRecord)) {
      return false;
    }
    SourceRecord that = (SourceRecord) o;
    return partition == that.partition
        && offset == that.offset
        && kafkaTimestampMillis == that.kafkaTimestampMillis
        && topic.equals(that.topic)
        && Objects.equals(key, that.key)
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
