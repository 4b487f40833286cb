package dev.cryptostream.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the pipeline's bundled jar as a child JVM, exactly as a user would with {@code java -jar},
 * and follows its {@code progress}/{@code final} lines. Its log goes to a file; the broker's jars
 * and the pipeline's never share a classpath.
 */
public final class PipelineProcess implements AutoCloseable {
  private final Process process;
  private final ClassDataArchive archive;
  private final Thread reader;
  private volatile Map<String, String> latest = Map.of();
  private volatile Map<String, String> finalCounters;

  /** Stops the child if the launcher is interrupted (Ctrl-C), so no pipeline is left running. */
  private final Thread killOnExit;

  private PipelineProcess(
      Process process, ClassDataArchive archive, Consumer<Map<String, String>> onProgress) {
    this.process = process;
    this.archive = archive;
    this.killOnExit = new Thread(process::destroy, "pipeline-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("progress ") || line.startsWith("final ")) {
                    Map<String, String> values = parse(line);
                    latest = values;
                    if (line.startsWith("final ")) {
                      finalCounters = values;
                    }
                    if (onProgress != null) {
                      onProgress.accept(values);
                    }
                  }
                }
              } catch (IOException e) {
                // The process ended; the exit code tells the rest.
              }
            },
            "pipeline-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java -jar jar args...} with its standard error appended to {@code logFile}.
   *
   * @param onProgress called with the key=value pairs of each progress line (may be null)
   */
  public static PipelineProcess start(
      Path jar,
      List<String> pipelineArgs,
      Path logFile,
      String maxHeap,
      Consumer<Map<String, String>> onProgress) {
    return start(jar, pipelineArgs, logFile, maxHeap, Map.of(), onProgress);
  }

  /** As above, with extra environment variables for the child (credentials, for instance). */
  public static PipelineProcess start(
      Path jar,
      List<String> pipelineArgs,
      Path logFile,
      String maxHeap,
      Map<String, String> environment,
      Consumer<Map<String, String>> onProgress) {
    ClassDataArchive archive = ClassDataArchive.of(existingJar(jar), pipelineArgs);
    return start(
        javaCommand(jar, pipelineArgs, maxHeap, archive, environment),
        archive,
        logFile,
        environment,
        onProgress);
  }

  /**
   * As {@link #start(Path, List, Path, String, Consumer)}, for a child that must outlive a Ctrl-C:
   * the terminal sends SIGINT to every process in its foreground group, and the launcher wants its
   * pipeline to drain after one rather than die with it. A POSIX shell starts the JVM with SIGINT
   * ignored, which the JVM keeps (it installs no handler for an ignored SIGINT); SIGTERM still ends
   * it. Without {@code /bin/sh} (Windows) the child is started as usual.
   */
  public static PipelineProcess startDeafToInterrupts(
      Path jar,
      List<String> pipelineArgs,
      Path logFile,
      String maxHeap,
      Consumer<Map<String, String>> onProgress) {
    ClassDataArchive archive = ClassDataArchive.of(existingJar(jar), pipelineArgs);
    List<String> command = javaCommand(jar, pipelineArgs, maxHeap, archive, Map.of());
    Path shell = Path.of("/bin/sh");
    if (Files.isExecutable(shell)) {
      List<String> wrapped =
          new ArrayList<>(List.of(shell.toString(), "-c", "trap '' INT; exec \"$@\"", "sh"));
      wrapped.addAll(command);
      command = wrapped;
    }
    return start(command, archive, logFile, Map.of(), onProgress);
  }

  private static Path existingJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "pipeline jar not found at "
              + jar
              + ": build it first with `mvn -q package -DskipTests`");
    }
    return jar;
  }

  private static List<String> javaCommand(
      Path jar,
      List<String> pipelineArgs,
      String maxHeap,
      ClassDataArchive archive,
      Map<String, String> environment) {
    Map<String, String> childEnvironment = new java.util.HashMap<>(System.getenv());
    childEnvironment.putAll(environment);
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("-Xmx" + maxHeap);
    command.addAll(collectorFlags(childEnvironment));
    command.addAll(archive.jvmFlags());
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(pipelineArgs);
    return command;
  }

  private static PipelineProcess start(
      List<String> command,
      ClassDataArchive archive,
      Path logFile,
      Map<String, String> environment,
      Consumer<Map<String, String>> onProgress) {
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(environment);
      Process p = builder.start();
      return new PipelineProcess(p, archive, onProgress);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the pipeline: " + command, e);
    }
  }

  /** Parses {@code label k=v k=v ...}; the label is stored under "line". */
  static Map<String, String> parse(String line) {
    Map<String, String> values = new TreeMap<>();
    String[] parts = line.trim().split("\\s+", -1);
    values.put("line", parts[0]);
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
      }
    }
    return Collections.unmodifiableMap(values);
  }

  /** Waits for the process to end; returns its exit code, or empty on timeout. */
  public java.util.OptionalInt waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return java.util.OptionalInt.empty();
    }
    reader.join(5_000);
    archive.afterExit(process.exitValue());
    return java.util.OptionalInt.of(process.exitValue());
  }

  public Map<String, String> latestProgress() {
    return latest;
  }

  /** The counters of the final line, or null if the pipeline has not printed it. */
  public Map<String, String> finalCounters() {
    return finalCounters;
  }

  /** kill -9: the child JVM ends at once, no shutdown hook, no flush (crash tests). */
  public void killForcibly() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    archive.afterExit(process.exitValue());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook will run.
    }
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (!process.isAlive()) {
      archive.afterExit(process.exitValue());
    }
  }

  /**
   * Where `mvn package` puts the pipeline's bundled jar in a checkout rooted at {@code repoRoot}.
   */
  public static Path bundledJar(Path repoRoot) {
    return repoRoot.resolve("pipelines/target/pipelines-" + Version.PROJECT + "-bundled.jar");
  }

  /**
   * The parallel collector, unless the child's environment already chooses one in {@code
   * JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS} (the JVM refuses to start with two). Throughput
   * over pause times: G1's concurrent work and barriers cost the 3,000,000-trade replay about a
   * tenth of its wall time on two cores (docs/measurements.md); pauses stay far below the lake's 5
   * s flush.
   */
  static List<String> collectorFlags(Map<String, String> environment) {
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      if (CHOOSES_COLLECTOR.matcher(environment.getOrDefault(variable, "")).find()) {
        return List.of();
      }
    }
    return List.of("-XX:+UseParallelGC");
  }

  private static final java.util.regex.Pattern CHOOSES_COLLECTOR =
      java.util.regex.Pattern.compile("-XX:\\+Use\\w*GC\\b");

  static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** A counter from a progress map, 0 when absent. */
  public static long counter(Map<String, String> values, String name) {
    String v = values == null ? null : values.get(name);
    return v == null ? 0 : Long.parseLong(v);
  }
}
