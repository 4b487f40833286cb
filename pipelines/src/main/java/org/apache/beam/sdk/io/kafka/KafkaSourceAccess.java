package org.apache.beam.sdk.io.kafka;

import org.apache.beam.sdk.io.UnboundedSource;

/**
 * KafkaIO's own unbounded source for a configured read, which Beam builds in a package-private
 * method. The pipeline reads that source in batches (dev.cryptostream.pipeline.kafka
 * .BatchedUnboundedSource) on the runners that read unbounded sources themselves; everything about
 * Kafka (consumers, offsets, commits in finalize, the timestamp policy) stays KafkaIO's.
 */
public final class KafkaSourceAccess {
  private KafkaSourceAccess() {}

  /**
   * The source KafkaIO's legacy read would use for {@code read}, which must name its key and value
   * coders (as {@code withKeyDeserializerAndCoder} does): the read's expansion infers them, this
   * does not.
   */
  public static <K, V> UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> unboundedSource(
      KafkaIO.Read<K, V> read) {
    if (read.getKeyCoder() == null || read.getValueCoder() == null) {
      throw new IllegalArgumentException("the read must name its key and value coders");
    }
    return read.makeSource();
  }
}
