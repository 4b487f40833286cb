package dev.cryptostream.pipeline.resume;

import java.io.Serializable;

/**
 * A Kafka topic partition (Kafka's own TopicPartition is not part of the plan's serialized form).
 */
record PartitionKey(String topic, int partition) implements Serializable, Comparable<PartitionKey> {
  private static final long serialVersionUID = 1L;

  @Override
  public int compareTo(PartitionKey o) {
    int c = topic.compareTo(o.topic);
    return c != 0 ? c : Integer.compare(partition, o.partition);
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
