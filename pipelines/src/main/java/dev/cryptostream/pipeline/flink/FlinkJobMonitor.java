package dev.cryptostream.pipeline.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptostream.pipeline.metrics.ProgressReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads a Flink job's state, restarts, checkpoints and failure cause from the cluster's REST API,
 * so that a run can report them while the job runs and say in one line why it ended.
 */
public final class FlinkJobMonitor {
  /** Where the Beam Flink runner keeps the job's metrics. */
  static final String BEAM_METRICS_ACCUMULATOR = "__metricscontainers";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String base;
  private final String jobName;
  private volatile String jobId;

  /**
   * @param master {@code host:port} of the cluster's REST endpoint
   * @param jobName the submitted job's name; the newest job of that name is the one followed
   */
  public FlinkJobMonitor(String master, String jobName) {
    this.base = "http://" + master;
    this.jobName = jobName;
  }

  /** What the cluster says of the job now; empty fields where it cannot tell yet. */
  public Status status() {
    try {
      String id = jobId();
      if (id == null) {
        return Status.UNKNOWN;
      }
      JsonNode job = get("/jobs/" + id);
      JsonNode restarts = get("/jobs/" + id + "/metrics?get=numRestarts");
      JsonNode checkpoints = get("/jobs/" + id + "/checkpoints");
      long restartCount = 0;
      if (restarts.isArray() && restarts.size() > 0) {
        restartCount = restarts.get(0).path("value").asLong(0);
      }
      // The metric is sampled (every 10 s by default), so a job that fails fast reads 0; every
      // failure is in the exception history, and each one but a final FAILED was followed by a
      // restart.
      String state = job.path("state").asText("UNKNOWN");
      long failures =
          get("/jobs/" + id + "/exceptions").path("exceptionHistory").path("entries").size();
      restartCount = Math.max(restartCount, state.equals("FAILED") ? failures - 1 : failures);
      return new Status(
          id,
          state,
          restartCount,
          checkpoints.path("counts").path("completed").asLong(0),
          textOrNull(checkpoints.path("latest").path("restored").path("external_path")));
    } catch (IOException | RuntimeException e) {
      return Status.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.UNKNOWN;
    }
  }

  /**
   * The pipeline's counters as the progress line names them, from the job's Beam metrics
   * accumulator (which the cluster updates while the job runs, and keeps after it ends).
   */
  public Map<String, Long> counters() {
    Map<String, Long> values = new TreeMap<>();
    try {
      String id = jobId();
      if (id == null) {
        return values;
      }
      for (JsonNode acc : get("/jobs/" + id + "/accumulators").path("user-task-accumulators")) {
        if (acc.path("name").asText().equals(BEAM_METRICS_ACCUMULATOR)) {
          addMetrics(values, JSON.readTree(acc.path("value").asText("{}")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not available yet (the job is starting); the next poll will tell.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return values;
  }

  /**
   * The job's status once the cluster's REST API shows it ended. The REST layer serves a cached
   * copy of the job for a few seconds ({@code web.refresh-interval}), so right after the job ends
   * it can still say RUNNING with counters from the last heartbeat (a DONE run once printed 24,429
   * of 80,000 records read). Counters read after this returned a terminal state are the final ones.
   * Returns the last status seen if {@code patience} runs out first.
   */
  public Status awaitEnded(Duration patience) {
    return pollUntil(this::status, Status::ended, patience, Duration.ofMillis(500));
  }

  /**
   * Reads {@code read} every {@code every} until {@code done} holds or {@code patience} runs out;
   * returns the last value read (also when interrupted).
   */
  public static <T> T pollUntil(
      Supplier<T> read, Predicate<T> done, Duration patience, Duration every) {
    long deadline = System.nanoTime() + patience.toNanos();
    T value = read.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      value = read.get();
    }
    return value;
  }

  /** Beam's monitoring infos as JSON: int64 sums and distributions, payloads as base64 varints. */
  static void addMetrics(Map<String, Long> values, JsonNode metrics) {
    for (JsonNode info : metrics.path("metrics").path("attempted")) {
      JsonNode labels = info.path("labels");
      String namespace = labels.path("NAMESPACE").asText("");
      String name = labels.path("NAME").asText("");
      String step = labels.path("PTRANSFORM").asText("");
      long[] payload = varints(Base64.getDecoder().decode(info.path("payload").asText("")));
      String type = info.path("type").asText();
      if (type.equals("beam:metrics:sum_int64:v1") && payload.length == 1) {
        ProgressReporter.addCounter(values, namespace, name, step, payload[0]);
      } else if (type.equals("beam:metrics:distribution_int64:v1") && payload.length == 4) {
        // count, sum, min, max
        ProgressReporter.addDistribution(values, name, payload[0], payload[1], payload[3]);
      }
    }
  }

  /** Unsigned LEB128 varints, as Beam's VarInt writes longs. */
  static long[] varints(byte[] bytes) {
    List<Long> out = new ArrayList<>();
    long value = 0;
    int shift = 0;
    for (byte b : bytes) {
      value |= (long) (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        out.add(value);
        value = 0;
        shift = 0;
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** The root cause of the job's last failure, as one line, if the cluster recorded one. */
  public Optional<String> failureCause() {
    try {
      String id = jobId();
      if (id == null) {
        return Optional.empty();
      }
      String trace = get("/jobs/" + id + "/exceptions").path("root-exception").asText("");
      return trace.isBlank() ? Optional.empty() : Optional.of(rootCause(trace));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The deepest "Caused by" of a Java stack trace, or its first line. */
  static String rootCause(String trace) {
    String cause = trace.lines().findFirst().orElse(trace).trim();
    for (String line : (Iterable<String>) trace.lines()::iterator) {
      if (line.startsWith("Caused by: ")) {
        cause = line.substring("Caused by: ".length()).trim();
      }
    }
    return cause;
  }

  private String jobId() throws IOException, InterruptedException {
    if (jobId == null) {
      long newest = -1;
      for (JsonNode job : get("/jobs/overview").path("jobs")) {
        if (jobName.equals(job.path("name").asText()) && job.path("start-time").asLong() > newest) {
          newest = job.path("start-time").asLong();
          jobId = job.path("jid").asText();
        }
      }
    }
    return jobId;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(15))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private static String textOrNull(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  /** A job's state as the cluster reports it. */
  public record Status(
      String jobId, String state, long restarts, long checkpointsCompleted, String restoredFrom) {
    public static final Status UNKNOWN = new Status(null, "UNKNOWN", 0, 0, null);

    /** Whether the cluster reports the job in a globally terminal state. */
    public boolean ended() {
      return state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED");
    }

    /** {@code flink_state=... restarts=... checkpoints=...} for the progress line. */
    public String describe() {
      return "flink_state="
          + state
          + " restarts="
          + restarts
          + " checkpoints="
          + checkpointsCompleted;
    }
  }
}
