package dev.cryptostream.pipeline.resume;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a relaunch on the DirectRunner starts reading each partition, from what the lake holds and
 * what Kafka reports. Pure: no I/O, so every rule is tested directly.
 *
 * <p>Per partition, {@code base} is where this lake's reading began: the configured start position,
 * the group's committed offset and the smallest durable offset, whichever is earliest (never below
 * the log start). {@code firstGap} is the smallest offset from base on that the lake does not hold:
 * every record before it is durable. The start is {@code firstGap}, moved back on trade topics to
 * the first record of the rebuild cut T (Kafka's offsetsForTimes: the earliest offset whose
 * timestamp, the trade time, is at or after T), so that every window from T on sees all of its
 * trades again; never before base.
 */
public final class LakeResumePoint {
  /** What Kafka says about one partition. */
  public record PartitionFacts(
      long logStart,
      long logEnd,
      @Nullable Long committed,
      long configuredStart,
      @Nullable Long firstAtRebuildTime) {}

  /** Where one partition starts, and why. */
  public record PartitionStart(
      PartitionKey partition,
      long start,
      long firstGap,
      long durableSkipped,
      long unreachableBelow) {
    /** A one-line account for the launch log. */
    public String describe() {
      String line =
          "partition "
              + partition
              + " offset "
              + start
              + " (first gap "
              + firstGap
              + ", "
              + durableSkipped
              + " durable rows skipped)";
      return unreachableBelow > 0
          ? line
              + "; WARNING: "
              + unreachableBelow
              + " offsets before the log start were deleted by retention"
              + " before they reached the lake"
          : line;
    }
  }

  private final List<PartitionStart> starts;
  private final ResumePlan plan;

  private LakeResumePoint(List<PartitionStart> starts, ResumePlan plan) {
    this.starts = List.copyOf(starts);
    this.plan = plan;
  }

  public List<PartitionStart> starts() {
    return starts;
  }

  public ResumePlan plan() {
    return plan;
  }

  /** The offsets to commit to the consumer group before the pipeline starts. */
  public Map<PartitionKey, Long> startOffsets() {
    Map<PartitionKey, Long> m = new HashMap<>();
    starts.forEach(s -> m.put(s.partition(), s.start()));
    return m;
  }

  /**
   * @param facts every partition the pipeline reads
   * @throws IllegalArgumentException when the lake holds offsets the topic does not (another
   *     cluster or a recreated topic): resuming would skip records
   */
  static LakeResumePoint compute(LakeContents lake, Map<PartitionKey, PartitionFacts> facts) {
    long rebuildFrom = lake.rebuildFromMicros();
    List<PartitionStart> starts = new ArrayList<>();
    Map<PartitionKey, OffsetsAbove> durable = new HashMap<>();
    Set<String> topics = new HashSet<>();
    facts.keySet().forEach(k -> topics.add(k.topic()));
    for (PartitionKey k : lake.offsets.keySet()) {
      if (topics.contains(k.topic()) && !facts.containsKey(k)) {
        throw new IllegalArgumentException(
            "the lake holds records of "
                + k
                + ", which Kafka does not have: is --lakePath the lake of another"
                + " cluster or of a deleted topic? Use a new --lakePath");
      }
    }
    facts.keySet().stream()
        .sorted()
        .forEach(
            k -> {
              PartitionFacts f = facts.get(k);
              DurableOffsets held = lake.offsets.get(k);
              long base = f.configuredStart();
              if (f.committed() != null) {
                base = Math.min(base, f.committed());
              }
              if (held != null && !held.isEmpty()) {
                if (held.max() >= f.logEnd()) {
                  throw new IllegalArgumentException(
                      "the lake holds offset "
                          + held.max()
                          + " of "
                          + k
                          + " but the partition ends at "
                          + f.logEnd()
                          + ": is --lakePath the lake of another cluster or of a recreated topic? Use a new --lakePath");
                }
                base = Math.min(base, held.min());
              }
              long unreachable = 0;
              if (base < f.logStart()) {
                long gapBelow = held == null ? base : held.firstGapFrom(base);
                unreachable =
                    gapBelow < f.logStart()
                        ? f.logStart() - gapBelow - countBetween(held, gapBelow, f.logStart())
                        : 0;
                base = f.logStart();
              }
              long firstGap = held == null ? base : held.firstGapFrom(base);
              long start = firstGap;
              if (f.firstAtRebuildTime() != null) {
                start = Math.max(base, Math.min(start, f.firstAtRebuildTime()));
              }
              long skipped = held == null ? 0 : held.countFrom(start);
              starts.add(new PartitionStart(k, start, firstGap, skipped, unreachable));
              durable.put(
                  k,
                  held == null ? new OffsetsAbove(firstGap, new BitSet()) : held.above(firstGap));
            });

    Set<CandleWindow> finals = new HashSet<>();
    Map<CandleWindow, Long> nextPane = new HashMap<>();
    lake.windows.forEach(
        (w, state) -> {
          if (w.startMicros() < rebuildFrom) {
            return; // suppressed wholesale
          }
          if (state.hasFinal) {
            finals.add(w);
          } else if (state.maxPaneIndex >= 0) {
            nextPane.put(w, state.maxPaneIndex + 1);
          }
        });
    return new LakeResumePoint(
        starts, new ResumePlan(durable, rebuildFrom, finals, nextPane, lake.alertIds));
  }

  private static long countBetween(@Nullable DurableOffsets held, long from, long to) {
    return held == null ? 0 : held.countFrom(from) - held.countFrom(to);
  }
}
