package dev.cryptostream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.junit.jupiter.api.Test;

/** How the Flink launcher waits for a job between progress lines. */
class AwaitTerminalTest {
  /** A job that is RUNNING for {@code runningAnswers} state requests, then DONE. */
  private static final class FinishingJob implements PipelineResult {
    final AtomicInteger asked = new AtomicInteger();
    private final int runningAnswers;

    FinishingJob(int runningAnswers) {
      this.runningAnswers = runningAnswers;
    }

    @Override
    public State getState() {
      return asked.incrementAndGet() > runningAnswers ? State.DONE : State.RUNNING;
    }

    @Override
    public State cancel() {
      throw new UnsupportedOperationException();
    }

    @Override
    public State waitUntilFinish(org.joda.time.Duration duration) {
      throw new UnsupportedOperationException("the launcher polls getState itself");
    }

    @Override
    public State waitUntilFinish() {
      throw new UnsupportedOperationException("the launcher polls getState itself");
    }

    @Override
    public MetricResults metrics() {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aJobThatEndsIsSeenWithinAFewPollsNotAtTheEndOfTheInterval() {
    FinishingJob job = new FinishingJob(2);
    long start = System.nanoTime();
    assertEquals(
        PipelineResult.State.DONE, TradePipelineMain.awaitTerminal(job, Duration.ofSeconds(30)));
    assertEquals(3, job.asked.get());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 10_000, "returned after " + millis + " ms, not after the 30 s interval");
  }

  @Test
  void aRunningJobIsReportedRunningOnceThePatienceRunsOut() {
    FinishingJob job = new FinishingJob(Integer.MAX_VALUE);
    assertEquals(
        PipelineResult.State.RUNNING, TradePipelineMain.awaitTerminal(job, Duration.ofMillis(500)));
    assertTrue(job.asked.get() >= 2, "asked " + job.asked.get() + " times");
  }
}
