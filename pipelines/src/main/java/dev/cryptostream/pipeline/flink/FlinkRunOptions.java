package dev.cryptostream.pipeline.flink;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How a FlinkRunner job survives a crash: where its checkpoints go and whether a relaunch resumes
 * from them. The restart budget uses Beam's own {@code --numberOfExecutionRetries} and {@code
 * --executionRetryDelay}, given bounded defaults here (see {@link FlinkJobSetup}).
 */
public interface FlinkRunOptions extends PipelineOptions {
  @Description(
      "Directory (local path or file:// URI) for Flink checkpoints, kept when the job is killed or"
          + " cancelled. A relaunch with the same directory resumes from the newest completed"
          + " checkpoint in it. Empty: no durable state (a relaunch starts from the consumer group's"
          + " committed offsets and loses what was in flight).")
  String getCheckpointDir();

  void setCheckpointDir(String value);

  @Description(
      "Resume from the newest completed checkpoint under --checkpointDir when there is one"
          + " (false: start afresh and leave old checkpoints where they are).")
  @Default.Boolean(true)
  Boolean getResumeFromCheckpoint();

  void setResumeFromCheckpoint(Boolean value);

  @Description(
      "Ship the pipeline jar to a remote Flink cluster with the job. false: the cluster was started"
          + " from this same jar (as platform/flink-session-cluster.sh does) and has its classes.")
  @Default.Boolean(true)
  Boolean getStagePipelineJar();

  void setStagePipelineJar(Boolean value);
}
