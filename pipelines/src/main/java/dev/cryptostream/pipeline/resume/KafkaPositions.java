package dev.cryptostream.pipeline.resume;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka side of a resume, through one Admin client: partitions, log start and end, the group's
 * committed offsets, offsets by timestamp, and committing the start offsets.
 */
final class KafkaPositions implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final String bootstrapServers;
  private final ListOffsetsOptions listOptions;

  KafkaPositions(String bootstrapServers, Map<String, Object> clientConfig, boolean readCommitted) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    this.admin = Admin.create(config);
    this.bootstrapServers = bootstrapServers;
    this.listOptions =
        new ListOffsetsOptions(
            readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED);
  }

  /**
   * Facts of every partition of {@code topics}.
   *
   * @param startPosition earliest, latest or an RFC 3339 instant (--startPosition)
   * @param rewindTopics topics whose start moves back to the rebuild cut (the trade topics)
   * @param rebuildFromMicros the cut T, {@link Long#MIN_VALUE} for the log start
   */
  Map<PartitionKey, LakeResumePoint.PartitionFacts> facts(
      List<String> topics,
      String startPosition,
      Collection<String> rewindTopics,
      long rebuildFromMicros,
      String group) {
    Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
    List<TopicPartition> partitions =
        described.values().stream()
            .flatMap(
                d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
            .toList();
    Map<TopicPartition, Long> starts = list(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> ends = list(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> configured =
        switch (startPosition) {
          case "earliest" -> starts;
          case "latest" -> ends;
          default ->
              orEnd(
                  list(
                      partitions,
                      OffsetSpec.forTimestamp(
                          java.time.Instant.parse(startPosition).toEpochMilli())),
                  ends);
        };
    Map<TopicPartition, Long> atCut =
        rebuildFromMicros == Long.MIN_VALUE
            ? starts
            : orEnd(
                list(partitions, OffsetSpec.forTimestamp(Math.floorDiv(rebuildFromMicros, 1000L))),
                ends);
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<PartitionKey, LakeResumePoint.PartitionFacts> facts = new HashMap<>();
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      facts.put(
          new PartitionKey(tp.topic(), tp.partition()),
          new LakeResumePoint.PartitionFacts(
              starts.get(tp),
              ends.get(tp),
              c == null ? null : c.offset(),
              configured.get(tp),
              rewindTopics.contains(tp.topic()) ? atCut.get(tp) : null));
    }
    return facts;
  }

  /** Refuses when consumers are members of the group: its offsets cannot be set under them. */
  void requireNoActiveMembers(String group) {
    ConsumerGroupDescription d =
        get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
    if (!d.members().isEmpty()) {
      throw new IllegalArgumentException(
          "consumer group "
              + group
              + " has "
              + d.members().size()
              + " active member(s) (state "
              + d.state()
              + "): stop them or choose another --consumerGroup before resuming from the lake");
    }
  }

  void commit(String group, Map<PartitionKey, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
    offsets.forEach(
        (k, o) ->
            m.put(
                new TopicPartition(k.topic(), k.partition()),
                new OffsetAndMetadata(o, "lake resume")));
    get(admin.alterConsumerGroupOffsets(group, m).all());
  }

  private Map<TopicPartition, Long> list(List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
        get(admin.listOffsets(request, listOptions).all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    // -1: no record at or after the timestamp.
    r.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private static Map<TopicPartition, Long> orEnd(
      Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> m = new HashMap<>(offsets);
    m.replaceAll((tp, o) -> o < 0 ? ends.get(tp) : o);
    return m;
  }

  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalArgumentException(
          "Kafka at "
              + bootstrapServers
              + " did not answer within "
              + TIMEOUT_SECONDS
              + " s while resuming from the lake");
    } catch (ExecutionException e) {
      throw new IllegalArgumentException(
          "Kafka at " + bootstrapServers + " refused a resume step: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted while resuming from the lake");
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
