package dev.cryptostream.pipeline.resume;

import dev.cryptostream.pipeline.candles.BuildCandles;
import dev.cryptostream.pipeline.kafka.ReadKafkaRecords;
import dev.cryptostream.pipeline.options.OptionValues;
import dev.cryptostream.pipeline.options.ResumeOptions;
import dev.cryptostream.pipeline.options.SinkOptions;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import dev.cryptostream.pipeline.tables.OutputTables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Makes a DirectRunner launch safe to kill: the DirectRunner keeps no state across a crash, so the
 * lake itself is the checkpoint. At launch: lock the lake, delete a killed run's temporary files,
 * read what the lake holds, commit per partition the offset to start from to the consumer group,
 * and return the {@link ResumePlan} the filters before the lake writers apply. While running no
 * offset is committed (nothing is marked consumed before its rows are durable); the next launch
 * recomputes everything from the lake.
 */
public final class LakeResume {
  private LakeResume() {}

  /** True when this launch resumes from the lake (DirectRunner, lake sink, not turned off). */
  public static boolean applies(TradePipelineOptions o) {
    return o.getLakeResume() == ResumeOptions.LakeResume.auto
        && o.getSink() == SinkOptions.Sink.lake
        && OptionValues.onDirectRunner(o);
  }

  /**
   * Prepares the launch; null when {@link #applies} is false.
   *
   * @param topics every topic the pipeline reads (trades and price snapshots)
   * @throws IllegalArgumentException with a readable reason when resuming is impossible
   */
  public static @Nullable ResumePlan prepare(
      TradePipelineOptions o,
      ReadKafkaRecords.Settings kafka,
      List<String> topics,
      PrintStream out) {
    if (!applies(o)) {
      return null;
    }
    Path lake = localLake(o.getLakePath());
    LakeLock.acquire(lake);
    List<Path> removed = new ArrayList<>();
    for (String table :
        List.of(
            OutputTables.TRADES.lakeDirectory(),
            OutputTables.CANDLES_1M.lakeDirectory(),
            OutputTables.PRICE_ALERTS.lakeDirectory(),
            OutputTables.DEAD_LETTERS.lakeDirectory(),
            OutputTables.PRICE_SNAPSHOTS.lakeDirectory())) {
      removed.addAll(LakeFiles.deleteTemporaryDirectories(lake.resolve(table)));
    }
    long candleMicros = BuildCandles.Settings.fromOptions(o).candleSize().getMillis() * 1000L;
    LakeContents contents = LakeContents.scan(lake, candleMicros);
    LakeResumePoint point;
    try (KafkaPositions kafkaPositions =
        new KafkaPositions(
            kafka.bootstrapServers(),
            kafka.security().clientConfig(Map.of()),
            kafka.readCommitted())) {
      kafkaPositions.requireNoActiveMembers(kafka.consumerGroup());
      Map<PartitionKey, LakeResumePoint.PartitionFacts> facts =
          kafkaPositions.facts(
              topics,
              kafka.startPosition(),
              kafka.topics(),
              contents.rebuildFromMicros(),
              kafka.consumerGroup());
      point = LakeResumePoint.compute(contents, facts);
      kafkaPositions.commit(kafka.consumerGroup(), point.startOffsets());
    }
    report(out, removed, contents, point);
    return point.plan();
  }

  private static void report(
      PrintStream out, List<Path> removed, LakeContents contents, LakeResumePoint point) {
    if (!removed.isEmpty()) {
      out.println(
          "resume: removed "
              + removed.size()
              + " temporary director"
              + (removed.size() == 1 ? "y" : "ies")
              + " of an earlier run that never finished writing (their rows are read again): "
              + removed);
    }
    for (Path p : contents.setAside) {
      out.println("resume: " + p + " is not readable Parquet; set aside (its rows are read again)");
    }
    long t = point.plan().rebuildFromMicros();
    String cut =
        t == Long.MIN_VALUE
            ? "the first record"
            : java.time.Instant.EPOCH.plusNanos(t * 1000L).toString();
    for (LakeResumePoint.PartitionStart s : point.starts()) {
      out.println("resuming from the lake: " + s.describe() + ", candles rebuilt from " + cut);
    }
    out.flush();
  }

  private static Path localLake(String lakePath) {
    if (lakePath.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !lakePath.startsWith("file://")) {
      throw new IllegalArgumentException(
          "--lakeResume=auto resumes only a local --lakePath, got "
              + lakePath
              + "; use --lakeResume=off to run without it (a crash can then lose records)");
    }
    return Path.of(
            lakePath.startsWith("file://") ? lakePath.substring("file://".length()) : lakePath)
        .toAbsolutePath()
        .normalize();
  }
}
