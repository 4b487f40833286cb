package dev.cryptostream.pipeline;

import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.metrics.ProgressReporter;
import java.util.Map;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.runners.direct.DirectOptions;
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
    TradePipelineOptions options;
    Pipeline pipeline;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(TradePipelineOptions.class);
      options.setStreaming(true);
      if (options.getRunner().getSimpleName().equals("DirectRunner")) {
        // Return from run() at once so that progress can be reported while the job runs.
        options.as(DirectOptions.class).setBlockOnRun(false);
      }
      pipeline = Pipeline.create(options);
      TradePipeline.build(pipeline, options);
    } catch (IllegalArgumentException e) {
      // Bad options or an unusable Kafka: a clear message and exit code 2, no stack trace.
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      PipelineResult result = pipeline.run();
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
        // Drained: every window has had its final pane, so what no final candle holds was too late.
        counters.put(
            PipelineMetrics.TRADES_BEYOND_LATENESS,
            counters.getOrDefault(PipelineMetrics.UNIQUE_TRADES, 0L)
                - counters.getOrDefault(PipelineMetrics.CANDLE_TRADES_FINAL, 0L));
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

  private static String describeSubmission(PipelineResult result) {
    if (result instanceof DataflowTemplateJob) {
      return "template (written to --templateLocation; no job started)";
    }
    return result instanceof DataflowPipelineJob job ? "job=" + job.getJobId() : result.toString();
  }

  private static PipelineResult.State awaitWithProgress(PipelineResult result, int intervalSeconds) {
    if (intervalSeconds <= 0) {
      return result.waitUntilFinish();
    }
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(Duration.standardSeconds(intervalSeconds));
      if (state != null && state.isTerminal()) {
        return state;
      }
      System.out.println(ProgressReporter.line("progress", ProgressReporter.counters(result)));
      System.out.flush();
    }
  }
}
