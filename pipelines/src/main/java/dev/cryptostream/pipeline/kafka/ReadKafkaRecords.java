package dev.cryptostream.pipeline.kafka;

import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.SourceRecordCoder;
import dev.cryptostream.pipeline.options.KafkaReadOptions;
import dev.cryptostream.pipeline.options.KafkaSecurityOptions;
import dev.cryptostream.pipeline.options.OptionValues;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaCheckpointMark;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaSourceAccess;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads raw records from Kafka as {@link SourceRecord}s, stamped and watermarked by trade time.
 * Bytes in, bytes out: interpretation happens in the parser, so a record that is not even text
 * still reaches the dead letters instead of failing inside the reader.
 *
 * <p>Offsets are committed to the consumer group when Beam finalizes the bundle that read them
 * (never auto-commit). That is before the rows of those records are durable in a sink (they still
 * sit in window state and the lake writer's buffer), so on its own it does not make a restart
 * lossless: the DirectRunner resumes from the lake instead and reads {@link
 * #withoutOffsetCommits()} (see {@code resume.LakeResume}).
 */
public class ReadKafkaRecords extends PTransform<PBegin, PCollection<SourceRecord>> {
  /** Records per element of the batched read (see {@link BatchedUnboundedSource}). */
  static final int MAX_BATCH = 500;

  private final Settings settings;
  private final boolean commitOffsets;

  /** The resolved, validated read configuration. */
  public record Settings(
      String bootstrapServers,
      List<String> topics,
      String consumerGroup,
      String startPosition,
      boolean readCommitted,
      Duration maxOutOfOrderness,
      @Nullable Duration drainWhenIdleFor,
      DrainSignal drainSignal,
      KafkaSecurity security)
      implements java.io.Serializable {

    public static Settings fromOptions(KafkaReadOptions o) {
      return fromOptions(o, KafkaSecurity.fromOptions(o.as(KafkaSecurityOptions.class)));
    }

    public static Settings fromOptions(KafkaReadOptions o, KafkaSecurity security) {
      List<String> topics = OptionValues.list(o.getInputTopics());
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("--inputTopics names no topic");
      }
      if (o.getBootstrapServers() == null || o.getBootstrapServers().isBlank()) {
        throw new IllegalArgumentException("--bootstrapServers is empty");
      }
      String start = o.getStartPosition().trim();
      if (!start.equals("earliest") && !start.equals("latest")) {
        try {
          java.time.Instant.parse(start);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "--startPosition must be earliest, latest or an RFC 3339 instant, got '"
                  + start
                  + "'");
        }
      }
      String drain = o.getDrainWhenIdleFor();
      Duration bound = OptionValues.jodaDuration("maxOutOfOrderness", o.getMaxOutOfOrderness());
      if (bound.getMillis() < 0) {
        throw new IllegalArgumentException("--maxOutOfOrderness must not be negative");
      }
      Duration idle =
          drain == null || drain.isBlank()
              ? null
              : OptionValues.jodaDuration("drainWhenIdleFor", drain);
      if (idle != null && idle.getMillis() < 0) {
        throw new IllegalArgumentException(
            "--drainWhenIdleFor must not be negative (or empty for a never-ending stream)");
      }
      String signalFile = o.getDrainSignalFile();
      boolean signalled = signalFile != null && !signalFile.isBlank();
      if (signalled && idle == null) {
        throw new IllegalArgumentException(
            "--drainSignalFile needs --drainWhenIdleFor (how long to wait once it exists)");
      }
      return new Settings(
          o.getBootstrapServers(),
          topics,
          o.getConsumerGroup(),
          start,
          o.getReadCommitted(),
          bound,
          idle,
          signalled ? DrainSignal.fileExists(signalFile.trim()) : DrainSignal.IMMEDIATE,
          security);
    }

    /** The same connection, group and security, reading other topics (e.g. price snapshots). */
    public Settings withTopics(List<String> otherTopics) {
      if (otherTopics.isEmpty()) {
        throw new IllegalArgumentException("no topics to read");
      }
      return new Settings(
          bootstrapServers,
          List.copyOf(otherTopics),
          consumerGroup,
          startPosition,
          readCommitted,
          maxOutOfOrderness,
          drainWhenIdleFor,
          drainSignal,
          security);
    }
  }

  public ReadKafkaRecords(Settings settings) {
    this(settings, true);
  }

  private ReadKafkaRecords(Settings settings, boolean commitOffsets) {
    this.settings = settings;
    this.commitOffsets = commitOffsets;
  }

  /** The same read, committing no offsets: where to start is decided before the launch. */
  public ReadKafkaRecords withoutOffsetCommits() {
    return new ReadKafkaRecords(settings, false);
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    Map<String, Object> consumer = consumerConfig(settings);
    boolean timestampStart = startsAtTime(settings);
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers(settings.bootstrapServers())
            .withTopics(settings.topics())
            .withKeyDeserializer(ByteArrayDeserializer.class)
            .withValueDeserializer(ByteArrayDeserializer.class)
            .withConsumerConfigUpdates(consumer)
            .withConsumerFactoryFn(settings.security().consumerFactory())
            .withTimestampPolicyFactory(
                TradeTimeWatermarkPolicy.factory(
                    settings.maxOutOfOrderness(),
                    settings.drainWhenIdleFor(),
                    settings.drainSignal()));
    if (commitOffsets) {
      read = read.commitOffsetsInFinalize();
    }
    if (settings.readCommitted()) {
      read = read.withReadCommitted();
    }
    if (timestampStart) {
      read =
          read.withStartReadTime(
              Instant.ofEpochMilli(
                  java.time.Instant.parse(settings.startPosition()).toEpochMilli()));
    }
    if (readsUnboundedSources(input.getPipeline().getOptions())) {
      UnboundedSource<KafkaRecord<byte[], byte[]>, KafkaCheckpointMark> source =
          KafkaSourceAccess.unboundedSource(
              read.withKeyDeserializerAndCoder(ByteArrayDeserializer.class, ByteArrayCoder.of())
                  .withValueDeserializerAndCoder(ByteArrayDeserializer.class, ByteArrayCoder.of()));
      return input
          .apply("ReadFromKafka", Read.from(new BatchedUnboundedSource<>(source, MAX_BATCH)))
          .apply("ToSourceRecords", ParDo.of(new UnbatchFn()))
          .setCoder(SourceRecordCoder.of());
    }
    return input
        .apply("ReadFromKafka", read)
        .apply(
            "ToSourceRecord",
            MapElements.into(TypeDescriptor.of(SourceRecord.class))
                .via(ReadKafkaRecords::toSourceRecord))
        .setCoder(SourceRecordCoder.of());
  }

  /**
   * Partition fetch size: one fetch request brings up to this much of one partition. A single busy
   * instrument lives in one partition (records are keyed by instrument), so one reader fetches it
   * round trip after round trip; with Kafka's 1 MiB default that reader waited on the broker about
   * half the time and the pipeline used under one of two cores (docs/measurements.md).
   */
  static final int PARTITION_FETCH_BYTES = 8 << 20;

  /** Records one poll hands to the reader (Kafka's default is 500): fewer hand-overs per fetch. */
  static final int RECORDS_PER_POLL = 5_000;

  /**
   * The consumer settings the read adds to KafkaIO's. Only non-secret settings go into the
   * (serialized, displayed) transform; the consumer factory adds credentials from the environment
   * where each consumer is created.
   */
  static Map<String, Object> consumerConfig(Settings settings) {
    Map<String, Object> consumer = new HashMap<>(settings.security().publicConfig());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        startsAtTime(settings) ? "earliest" : settings.startPosition());
    consumer.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, RECORDS_PER_POLL);
    return consumer;
  }

  /** A start position that is a time (not earliest/latest): offsets are looked up by time. */
  private static boolean startsAtTime(Settings settings) {
    return !settings.startPosition().equals("earliest")
        && !settings.startPosition().equals("latest");
  }

  /**
   * True where KafkaIO itself reads through its unbounded source (the DirectRunner, the
   * FlinkRunner): there the same source is read in batches. Dataflow, and a run asking for the
   * splittable-DoFn read, get KafkaIO's read unchanged (the rule is KafkaIO's own).
   */
  static boolean readsUnboundedSources(PipelineOptions options) {
    return !ExperimentalOptions.hasExperiment(options, "use_sdf_read")
        && !ExperimentalOptions.hasExperiment(options, "beam_fn_api")
        && !options.getRunner().getName().startsWith("org.apache.beam.runners.dataflow.");
  }

  /** One batch of Kafka records → one source record per Kafka record, at its own timestamp. */
  static final class UnbatchFn
      extends DoFn<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>, SourceRecord> {
    @ProcessElement
    public void process(
        @Element List<TimestampedValue<KafkaRecord<byte[], byte[]>>> batch,
        OutputReceiver<SourceRecord> out) {
      for (TimestampedValue<KafkaRecord<byte[], byte[]>> r : batch) {
        out.outputWithTimestamp(toSourceRecord(r.getValue()), r.getTimestamp());
      }
    }
  }

  static SourceRecord toSourceRecord(KafkaRecord<byte[], byte[]> r) {
    return new SourceRecord(
        r.getTopic(),
        r.getPartition(),
        r.getOffset(),
        r.getKV().getKey(),
        r.getTimestamp(),
        r.getKV().getValue());
  }
}
