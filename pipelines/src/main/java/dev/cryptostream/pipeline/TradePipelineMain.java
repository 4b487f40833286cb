package dev.cryptostream.pipeline;

import dev.cryptostream.pipeline.flink.FlinkJobMonitor;
import dev.cryptostream.pipeline.flink.FlinkJobSetup;
import dev.cryptostream.pipeline.flink.FlinkRunOptions;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.metrics.ProgressReporter;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import java.util.Map;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;

/**
 * Entry point of the bundled jar: {@code java -jar pipelines-bundled.jar --runner=... [options]}.
 * Prints a progress line every few seconds while the job runs and a final line when it ends.
 */
public final class TradePipelineMain {
  private TradePipelineMain() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(TradePipelineOptions.class);
    PipelineOptionsFactory.register(FlinkRunOptions.class);
    TradePipelineOptions options;
    Pipeline pipeline;
    FlinkJobSetup flink = null;
    try {
      options =
          PipelineOptionsFactory.fromArgs(args).withValidation().as(TradePipelineOptions.class);
      options.setStreaming(true);
      if (options.getRunner().getSimpleName().equals("DirectRunner")) {
        DirectOptions direct = options.as(DirectOptions.class);
        // Return from run() at once so that progress can be reported while the job runs.
        direct.setBlockOnRun(false);
        // Beam's checks that no step mutates an element and that every element survives its
        // coder encode each element several times at every step: tests keep them on (the graph's
        // tests, ObjectReuseSafetyTest), a run turns them off unless asked for them by name.
        if (!named(args, "enforceImmutability")) {
          direct.setEnforceImmutability(false);
        }
        if (!named(args, "enforceEncodability")) {
          direct.setEnforceEncodability(false);
        }
      }
      boolean onFlink = options.getRunner().getSimpleName().equals("FlinkRunner");
      // An embedded cluster comes up while the pipeline is built.
      FlinkJobSetup.EarlyCluster early =
          onFlink ? FlinkJobSetup.startEmbeddedEarly(options.as(FlinkPipelineOptions.class)) : null;
      pipeline = Pipeline.create(options);
      TradePipeline.build(pipeline, options);
      if (onFlink) {
        flink =
            FlinkJobSetup.prepare(
                options.as(FlinkPipelineOptions.class), options.as(FlinkRunOptions.class), early);
        flink.notes().forEach(note -> System.out.println("flink " + note));
      }
    } catch (IllegalArgumentException e) {
      // Bad options or an unusable Kafka: a clear message and exit code 2, no stack trace.
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("error: could not start the Flink cluster: " + e);
      System.exit(1);
      return;
    }
    try {
      PipelineResult result = pipeline.run();
      if (flink != null) {
        runOnFlink(result, flink, options.getProgressIntervalSeconds());
        return;
      }
      if (options.getRunner().getSimpleName().equals("DataflowRunner")) {
        // Dataflow runs the job remotely (and a Flex Template launcher expects main to return
        // once the job is submitted): report what was submitted and leave.
        System.out.println("submitted " + describeSubmission(result));
        System.exit(0);
        return;
      }
      PipelineResult.State state = awaitWithProgress(result, options.getProgressIntervalSeconds());
      Map<String, Long> counters = ProgressReporter.counters(result);
      if (state == PipelineResult.State.DONE) {
        putTradesBeyondLateness(counters);
      }
      System.out.println(ProgressReporter.line("final state=" + state, counters));
      System.exit(state == PipelineResult.State.DONE ? 0 : 1);
    } catch (RuntimeException e) {
      // A failed job: say so on the progress channel too, and make sure the JVM ends.
      System.out.println("final state=FAILED");
      System.err.println("error: the pipeline failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * Follows a submitted Flink job to its end: progress lines with the job's state, restarts and
   * checkpoints; on SIGTERM the job is cancelled with its checkpoints kept (a relaunch resumes); a
   * job that ran out of restarts ends the process with its root cause on one line.
   */
  private static void runOnFlink(PipelineResult result, FlinkJobSetup flink, int intervalSeconds) {
    FlinkJobMonitor monitor = flink.monitor();
    java.util.concurrent.atomic.AtomicBoolean ended =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread stopHook =
        new Thread(
            () -> {
              if (ended.get()) {
                return;
              }
              System.out.println(
                  "stopping: cancelling the Flink job; its checkpoints are kept, so a relaunch resumes");
              try {
                result.cancel();
              } catch (Exception e) {
                System.err.println("error: could not cancel the Flink job: " + e);
              }
              closeQuietly(flink);
            },
            "flink-stop");
    Runtime.getRuntime().addShutdownHook(stopHook);
    PipelineResult.State state;
    FlinkJobMonitor.Status status = FlinkJobMonitor.Status.UNKNOWN;
    boolean restoredReported = false;
    int interval = Math.max(intervalSeconds, 1);
    while (true) {
      state = awaitTerminal(result, java.time.Duration.ofSeconds(interval));
      status = monitor.status();
      if (!restoredReported && status.restoredFrom() != null) {
        System.out.println("flink restored checkpoint " + status.restoredFrom());
        restoredReported = true;
      }
      if (state != null && state.isTerminal()) {
        break;
      }
      if (intervalSeconds > 0) {
        System.out.println(
            ProgressReporter.line("progress " + status.describe(), monitor.counters()));
        System.out.flush();
      }
    }
    FlinkJobMonitor.Status endedStatus = monitor.awaitEnded(java.time.Duration.ofSeconds(30));
    if (endedStatus.jobId() != null) {
      status = endedStatus;
    }
    Map<String, Long> counters = monitor.counters();
    if (!status.ended()) {
      System.err.println(
          "warning: the cluster did not report the job as ended within 30 s; the counters below may"
              + " not be final");
    }
    if (state == PipelineResult.State.DONE) {
      putTradesBeyondLateness(counters);
      flink.forgetCheckpointsOf(status.jobId());
    }
    String cause =
        state == PipelineResult.State.DONE
            ? null
            : monitor.failureCause().orElse("no cause recorded");
    ended.set(true);
    System.out.println(
        ProgressReporter.line("final state=" + state + " " + status.describe(), counters));
    if (cause != null) {
      System.err.println(
          "error: the Flink job ended "
              + state
              + " after "
              + status.restarts()
              + " restarts: "
              + cause);
    }
    closeQuietly(flink);
    System.exit(state == PipelineResult.State.DONE ? 0 : 1);
  }

  /**
   * The job's state once it is terminal, or when {@code patience} ran out. Asks every 200 ms:
   * Beam's own wait asks once a second, so a finished job was noticed up to a second late.
   */
  static PipelineResult.State awaitTerminal(PipelineResult result, java.time.Duration patience) {
    return FlinkJobMonitor.pollUntil(
        result::getState,
        state -> state != null && state.isTerminal(),
        patience,
        java.time.Duration.ofMillis(200));
  }

  /** True when {@code --name} (with or without a value) is among the arguments. */
  static boolean named(String[] args, String name) {
    for (String a : args) {
      if (a.equals("--" + name) || a.startsWith("--" + name + "=")) {
        return true;
      }
    }
    return false;
  }

  /** Drained: every window has had its final pane, so what no final candle holds was too late. */
  private static void putTradesBeyondLateness(Map<String, Long> counters) {
    counters.put(
        PipelineMetrics.TRADES_BEYOND_LATENESS,
        counters.getOrDefault(PipelineMetrics.UNIQUE_TRADES, 0L)
            - counters.getOrDefault(PipelineMetrics.CANDLE_TRADES_FINAL, 0L));
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Ending anyway.
    }
  }

  private static String describeSubmission(PipelineResult result) {
    if (result instanceof DataflowTemplateJob) {
      return "template (written to --templateLocation; no job started)";
    }
    return result instanceof DataflowPipelineJob job ? "job=" + job.getJobId() : result.toString();
  }

  private static PipelineResult.State awaitWithProgress(
      PipelineResult result, int intervalSeconds) {
    if (intervalSeconds <= 0) {
      return result.waitUntilFinish();
    }
    while (true) {
      PipelineResult.State state =
          result.waitUntilFinish(Duration.standardSeconds(intervalSeconds));
      if (state != null && state.isTerminal()) {
        return state;
      }
      System.out.println(ProgressReporter.line("progress", ProgressReporter.counters(result)));
      System.out.flush();
    }
  }
}
