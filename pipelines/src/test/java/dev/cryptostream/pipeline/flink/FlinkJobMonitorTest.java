package dev.cryptostream.pipeline.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * Flink's REST layer serves a cached copy of a job for a few seconds: right after the job ends it
   * still says RUNNING, with the counters of the last heartbeat. The final counters are the ones
   * read once the REST API itself says the job ended.
   */
  @Test
  void finalCountersAreReadOnceTheRestApiSaysTheJobEnded() throws Exception {
    AtomicInteger jobReads = new AtomicInteger();
    HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    rest.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          boolean ended = jobReads.get() >= 3;
          String body =
              switch (path) {
                case "/jobs/overview" ->
                    "{\"jobs\":[{\"jid\":\"j1\",\"name\":\"trades\",\"start-time\":1}]}";
                case "/jobs/j1" -> {
                  jobReads.incrementAndGet();
                  yield "{\"state\":\"" + (ended ? "FINISHED" : "RUNNING") + "\"}";
                }
                case "/jobs/j1/accumulators" -> accumulators(ended ? 80_000 : 24_429);
                case "/jobs/j1/metrics" -> "[]";
                default -> "{}";
              };
          reply(exchange, body);
        });
    rest.start();
    try {
      FlinkJobMonitor monitor =
          new FlinkJobMonitor("127.0.0.1:" + rest.getAddress().getPort(), "trades");
      assertEquals(24_429L, monitor.counters().get(PipelineMetrics.RECORDS_READ), "stale");
      FlinkJobMonitor.Status status = monitor.awaitEnded(Duration.ofSeconds(10));
      assertTrue(status.ended(), status::toString);
      assertEquals("FINISHED", status.state());
      assertEquals(80_000L, monitor.counters().get(PipelineMetrics.RECORDS_READ));
    } finally {
      rest.stop(0);
    }
  }

  @Test
  void awaitingAJobThatNeverEndsGivesUpAfterItsPatience() throws Exception {
    HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    rest.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          reply(
              exchange,
              path.equals("/jobs/overview")
                  ? "{\"jobs\":[{\"jid\":\"j1\",\"name\":\"trades\",\"start-time\":1}]}"
                  : path.equals("/jobs/j1") ? "{\"state\":\"RUNNING\"}" : "{}");
        });
    rest.start();
    try {
      FlinkJobMonitor.Status status =
          new FlinkJobMonitor("127.0.0.1:" + rest.getAddress().getPort(), "trades")
              .awaitEnded(Duration.ofSeconds(1));
      assertEquals("RUNNING", status.state());
    } finally {
      rest.stop(0);
    }
  }

  /** The Beam metrics accumulator as Flink's REST API shows it: a JSON string per accumulator. */
  private static String accumulators(long recordsRead) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> info =
        Map.of(
            "type", "beam:metrics:sum_int64:v1",
            "labels",
                Map.of(
                    "NAMESPACE", PipelineMetrics.NAMESPACE, "NAME", PipelineMetrics.RECORDS_READ),
            "payload", Base64.getEncoder().encodeToString(varint(recordsRead)));
    String metrics = json.writeValueAsString(Map.of("metrics", Map.of("attempted", List.of(info))));
    return json.writeValueAsString(
        Map.of(
            "user-task-accumulators",
            List.of(Map.of("name", FlinkJobMonitor.BEAM_METRICS_ACCUMULATOR, "value", metrics))));
  }

  private static byte[] varint(long value) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
