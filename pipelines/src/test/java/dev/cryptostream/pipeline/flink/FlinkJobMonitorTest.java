package dev.cryptostream.pipeline.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FlinkJobMonitorTest {
  @Test
  void theRootCauseIsTheDeepestCausedBy() {
    String trace =
        """
        org.apache.flink.runtime.JobException: Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=5000)
        \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:176)
        Caused by: org.apache.beam.sdk.util.UserCodeException: java.io.IOException: No space left on device
        \tat org.apache.beam.sdk.util.UserCodeException.wrap(UserCodeException.java:39)
        Caused by: java.io.IOException: No space left on device
        \tat java.base/java.io.FileOutputStream.writeBytes(Native Method)
        """;
    assertEquals("java.io.IOException: No space left on device", FlinkJobMonitor.rootCause(trace));
  }

  @Test
  void aTraceWithoutCauseGivesItsFirstLine() {
    assertEquals(
        "java.lang.IllegalStateException: broken table",
        FlinkJobMonitor.rootCause(
            "java.lang.IllegalStateException: broken table\n\tat a.b(C.java:1)\n"));
  }
}
