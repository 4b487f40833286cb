package dev.cryptostream.platform;

import java.util.List;
import java.util.Map;

/**
 * Where a local run's records come from: the simulator, live exchange connectors, or a replayed
 * file. A source publishes into the embedded broker's trades topic until it has nothing more or the
 * run asks it to stop, and then says what it did and which checks its data supports.
 */
interface RunSource {
  /** simulator, live or replay: how the run's output names the source. */
  String name();

  /** Topics the broker must hold besides the trades topic. */
  default List<String> extraTopics() {
    return List.of();
  }

  /** Pipeline flags this source's data needs (added after the launcher's own). */
  default List<String> pipelineArgs() {
    return List.of();
  }

  /**
   * Whether processing time minus trade time means anything: not for a replay, whose trade times
   * are the recording's.
   */
  default boolean hasIngestLatency() {
    return true;
  }

  /** Records sent to the trades topic so far, for the progress lines. */
  long publishedSoFar();

  /**
   * Publishes to the trades topic at {@code bootstrapServers} until the source ends or {@code stop}
   * is requested, then flushes: every record is acknowledged by the broker or counted as failed
   * before this returns.
   */
  Outcome run(String bootstrapServers, StopRequest stop, Console console) throws Exception;

  /** The problem of records Kafka refused after its retries, or null when there were none. */
  static String undelivered(long failed, Exception firstFailure) {
    return failed == 0 ? null : failed + " records were not delivered to Kafka: " + firstFailure;
  }

  /** What a source did. */
  interface Outcome {
    /** Records the broker acknowledged on the trades topic. */
    long published();

    /** Lines for the end of the run: what was published, and anything the source noticed. */
    List<String> report();

    /**
     * The checks that depend on what this source sent, given the pipeline's final counters: exact
     * where the source knows what to expect, {@code n/a} with the reason where it cannot.
     */
    List<RunCheck> checks(Map<String, String> finalCounters);

    /** Why the run must fail whatever the checks say (records not delivered...), or null. */
    String problem();
  }
}
