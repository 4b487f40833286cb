package dev.cryptostream.pipeline.flink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.beam.runners.flink.FlinkPipelineOptions;

/**
 * Prepares a FlinkRunner launch so that the job survives crashes and stops, and reports how it is
 * doing while it runs:
 *
 * <ul>
 *   <li>checkpoints (filesystem state backend) under {@code --checkpointDir}, externalized and kept
 *       on cancellation, every 10 s unless {@code --checkpointingInterval} says otherwise;
 *   <li>a relaunch resumes from the newest completed checkpoint there (Kafka offsets, windows,
 *       de-duplication and the lake writer's buffers together), and says which one on its first
 *       line;
 *   <li>{@code --fasterCopy} is turned off: the pipeline's state values change in place, which is
 *       safe only while Flink copies them before a change during an asynchronous checkpoint;
 *   <li>a bounded restart budget (3 attempts, 5 s apart, unless set), so a sink that keeps failing
 *       ends the job instead of restarting it forever;
 *   <li>{@code --flinkMaster=[local]} runs on a cluster embedded in this JVM that is used like a
 *       remote one (see {@link EmbeddedFlinkCluster}); without {@code --checkpointDir} its
 *       checkpoints go to a temporary directory removed at the end (not to the JobManager's memory,
 *       which caps a task's state at 5 MB and fails the job beyond).
 * </ul>
 */
public final class FlinkJobSetup implements AutoCloseable {
  static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;
  static final int DEFAULT_RESTARTS = 3;
  static final long DEFAULT_RESTART_DELAY_MS = 5_000;

  private final EmbeddedFlinkCluster embedded;
  private final FlinkJobMonitor monitor;
  private final List<String> notes;
  private final Path checkpointDir;

  /** Where checkpoints go while the job runs when none are kept; removed on close. */
  private final Path scratchCheckpoints;

  private FlinkJobSetup(
      EmbeddedFlinkCluster embedded,
      FlinkJobMonitor monitor,
      List<String> notes,
      Path checkpointDir,
      Path scratchCheckpoints) {
    this.embedded = embedded;
    this.monitor = monitor;
    this.notes = notes;
    this.checkpointDir = checkpointDir;
    this.scratchCheckpoints = scratchCheckpoints;
  }

  /**
   * The embedded cluster of a {@code [local]} run, started on a thread of its own as soon as the
   * options are known, so that it comes up while the pipeline is built instead of after it.
   */
  public static final class EarlyCluster {
    private final CompletableFuture<EmbeddedFlinkCluster> cluster;

    private EarlyCluster(CompletableFuture<EmbeddedFlinkCluster> cluster) {
      this.cluster = cluster;
    }

    EmbeddedFlinkCluster await() throws Exception {
      try {
        return cluster.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }

  /** Starts the embedded cluster now when the master is {@code [local]}; null otherwise. */
  public static EarlyCluster startEmbeddedEarly(FlinkPipelineOptions flink) {
    if (!isLocal(flink.getFlinkMaster())) {
      return null;
    }
    int slots = slots(flink);
    CompletableFuture<EmbeddedFlinkCluster> cluster = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                cluster.complete(EmbeddedFlinkCluster.start(slots));
              } catch (Throwable e) {
                cluster.completeExceptionally(e);
              }
            },
            "flink-cluster-start");
    starter.setDaemon(true);
    starter.start();
    return new EarlyCluster(cluster);
  }

  private static boolean isLocal(String master) {
    return master.equals("[local]") || master.equals("[auto]");
  }

  private static int slots(FlinkPipelineOptions flink) {
    return flink.getParallelism() > 0 ? flink.getParallelism() : 2;
  }

  /** Adjusts the options for a durable, observable run; call before the pipeline is created. */
  public static FlinkJobSetup prepare(FlinkPipelineOptions flink, FlinkRunOptions run)
      throws Exception {
    return prepare(flink, run, null);
  }

  /** As {@link #prepare(FlinkPipelineOptions, FlinkRunOptions)}, with a cluster started early. */
  public static FlinkJobSetup prepare(
      FlinkPipelineOptions flink, FlinkRunOptions run, EarlyCluster early) throws Exception {
    List<String> notes = new ArrayList<>();
    Path checkpointDir = null;
    if (run.getCheckpointDir() != null && !run.getCheckpointDir().isBlank()) {
      checkpointDir = FlinkCheckpoints.localPath(run.getCheckpointDir()).toAbsolutePath();
      Files.createDirectories(checkpointDir);
      if (flink.getCheckpointingInterval() == -1) {
        flink.setCheckpointingInterval(DEFAULT_CHECKPOINT_INTERVAL_MS);
      }
      flink.setStateBackend("filesystem");
      flink.setStateBackendStoragePath(checkpointDir.toUri().toString());
      flink.setExternalizedCheckpointsEnabled(true);
      flink.setRetainExternalizedCheckpointsOnCancellation(true);
      Optional<Path> latest =
          run.getResumeFromCheckpoint()
              ? FlinkCheckpoints.latestCompleted(checkpointDir)
              : Optional.empty();
      if (latest.isPresent()) {
        flink.setSavepointPath(latest.get().toUri().toString());
        notes.add("resuming from checkpoint " + latest.get());
      } else {
        notes.add(
            "no checkpoint to resume from in "
                + checkpointDir
                + "; starting from the consumer group's offsets");
      }
    }
    if (flink.getFasterCopy()) {
      // With it, Flink's heap state no longer copies a state value before the task changes it
      // while an asynchronous checkpoint writes it: the alert buckets and the candle
      // accumulators change in place, so a checkpoint could fail (ConcurrentModificationException,
      // seen) or, worse, hold a state that never was. With object reuse on it buys nothing else.
      flink.setFasterCopy(false);
      notes.add(
          "--fasterCopy is off: this pipeline changes state values in place (see FlinkJobSetup)");
    }
    if (flink.getFasterCopy()) {
      // With it, Flink's heap state no longer copies a state value before the task changes it
      // while an asynchronous checkpoint writes it: the alert buckets and the candle
      // accumulators change in place, so a checkpoint could fail (ConcurrentModificationException,
      // seen) or, worse, hold a state that never was. With object reuse on it buys nothing else.
      flink.setFasterCopy(false);
      notes.add(
          "--fasterCopy is off: this pipeline changes state values in place (see FlinkJobSetup)");
    }
    if (flink.getNumberOfExecutionRetries() == -1) {
      flink.setNumberOfExecutionRetries(DEFAULT_RESTARTS);
    }
    if (flink.getExecutionRetryDelay() == -1) {
      flink.setExecutionRetryDelay(DEFAULT_RESTART_DELAY_MS);
    }
    EmbeddedFlinkCluster embedded = null;
    Path scratchCheckpoints = null;
    String master = flink.getFlinkMaster();
    boolean local = isLocal(master);
    if (checkpointDir == null && flink.getCheckpointingInterval() != -1) {
      if (local) {
        // Flink's default keeps checkpoints in the JobManager's memory, capped at 5 MB per task:
        // a larger state (a busy lake buffer, a backlog's windows) fails every checkpoint and then
        // the job. Files in a directory removed at the end have no such cap.
        scratchCheckpoints = Files.createTempDirectory("flink-checkpoints-");
        flink.setStateBackend("filesystem");
        flink.setStateBackendStoragePath(scratchCheckpoints.toUri().toString());
      }
      notes.add(
          "checkpoints are not kept (no --checkpointDir): a relaunch cannot resume from them");
    }
    if (local) {
      int slots = slots(flink);
      flink.setParallelism(slots);
      embedded = early != null ? early.await() : EmbeddedFlinkCluster.start(slots);
      master = embedded.master();
      flink.setFlinkMaster(master);
      notes.add("embedded Flink cluster at " + master + " with " + slots + " slots");
    }
    if (embedded != null || !run.getStagePipelineJar()) {
      // The cluster already has every class of the pipeline on its class path: ship none.
      flink.setFilesToStage(List.of(emptyJar().toString()));
    }
    // Submit and return, so that the job can be watched (progress, restarts) and stopped.
    flink.setAttachedMode(false);
    return new FlinkJobSetup(
        embedded,
        new FlinkJobMonitor(master, flink.getJobName()),
        notes,
        checkpointDir,
        scratchCheckpoints);
  }

  /** What was set up, one line each, for the start of the run's output. */
  public List<String> notes() {
    return notes;
  }

  public FlinkJobMonitor monitor() {
    return monitor;
  }

  /**
   * A job that finished (drained) must not be resumed from a checkpoint taken before its end: its
   * checkpoints are removed, and the next launch starts from the offsets committed to the group.
   */
  public void forgetCheckpointsOf(String jobId) {
    if (checkpointDir == null || jobId == null) {
      return;
    }
    Path jobDir = checkpointDir.resolve(jobId);
    try {
      deleteTree(jobDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove the finished job's checkpoints in " + jobDir, e);
    }
  }

  @Override
  public void close() throws Exception {
    if (embedded != null) {
      embedded.close();
    }
    if (scratchCheckpoints != null) {
      deleteTree(scratchCheckpoints);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path emptyJar() throws IOException {
    Path jar = Files.createTempFile("pipeline-classes-on-cluster-classpath", ".jar");
    jar.toFile().deleteOnExit();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // Only the manifest.
    }
    return jar;
  }
}
