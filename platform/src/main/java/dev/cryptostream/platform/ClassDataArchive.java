package dev.cryptostream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A dynamic class-data-sharing archive (JDK CDS) of one build of the pipeline jar: the classes a
 * run loaded, already parsed and verified, mapped into the next run instead of being read again
 * from a 300 MB jar. The first run of a jar writes it when the JVM exits; later runs start from it
 * (about 2-5 s less start-up and 4-6 s less CPU on the 2-core machine, see docs/measurements.md).
 *
 * <p>The archive sits next to the jar and is named after the jar's size and modification time, so a
 * rebuilt jar gets a new one (the JVM would refuse a mismatched archive anyway and start without
 * it), and after the runner: a DirectRunner run and a Flink run load different classes (an archive
 * of a DirectRunner run left a Flink run loading Flink's classes from the jar). It is written to a
 * temporary name and moved into place only after a clean exit, so two pipelines starting at once,
 * or a run killed while dumping, never leave a half-written archive under the name the next run
 * reads. An archive the JVM cannot use is ignored, never an error.
 */
final class ClassDataArchive {
  private static final String SUFFIX = ".jsa";

  /**
   * Space the disk must have left for this run to write an archive: a JVM that cannot finish
   * writing one exits with code 1 after the program itself ended well ("Unable to write to shared
   * archive file", tried on a full tmpfs), which would turn a clean pipeline run into a failed one.
   * An archive is up to ~140 MB; the rest is headroom for the lake and checkpoints beside it.
   */
  static final long MIN_USABLE_BYTES_TO_WRITE = 1L << 30;

  private final String jarName;
  private final String buildPrefix;
  private final Path archive;
  private final Path pending;

  private ClassDataArchive(String jarName, String buildPrefix, Path archive, Path pending) {
    this.jarName = jarName;
    this.buildPrefix = buildPrefix;
    this.archive = archive;
    this.pending = pending;
  }

  /**
   * The archive of this build of {@code jar} for the runner {@code pipelineArgs} choose, and where
   * this run would write it.
   */
  static ClassDataArchive of(Path jar, List<String> pipelineArgs) {
    try {
      Path absolute = jar.toAbsolutePath();
      String jarName = absolute.getFileName().toString();
      String buildPrefix =
          jarName
              + "."
              + Files.size(absolute)
              + "-"
              + Files.getLastModifiedTime(absolute).toMillis()
              + ".";
      String name = buildPrefix + runnerOf(pipelineArgs) + SUFFIX;
      Path archive = absolute.resolveSibling(name);
      Path pending =
          archive.resolveSibling(
              name + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
      return new ClassDataArchive(jarName, buildPrefix, archive, pending);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pipeline jar " + jar, e);
    }
  }

  /**
   * The runner {@code --runner} names, as Beam reads it (a class name or simple name, any case,
   * with or without "Runner"): "flink" for {@code --runner=FlinkRunner}; "direct" when unset.
   */
  static String runnerOf(List<String> pipelineArgs) {
    String runner = "direct";
    for (String arg : pipelineArgs) {
      if (arg.startsWith("--runner=")) {
        runner = arg.substring("--runner=".length());
      }
    }
    String simple = runner.substring(runner.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    simple = simple.endsWith("runner") ? simple.substring(0, simple.length() - 6) : simple;
    return simple.isEmpty() || !simple.chars().allMatch(Character::isLetterOrDigit)
        ? "other"
        : simple;
  }

  /**
   * JVM flags: start from the archive if there is one, else write one when the JVM exits (none when
   * the jar's directory is read-only or its disk nearly full).
   */
  List<String> jvmFlags() {
    long usable;
    try {
      usable = Files.getFileStore(archive.getParent()).getUsableSpace();
    } catch (IOException e) {
      usable = 0; // unknown: do not write
    }
    return jvmFlags(usable);
  }

  /** As {@link #jvmFlags()}, for a disk with {@code usableBytes} left. */
  List<String> jvmFlags(long usableBytes) {
    // CDS warns on stdout about classes it cannot archive (Java 5 class files in the jar) and about
    // an archive it cannot use; neither changes what the pipeline does.
    String quiet = "-Xlog:cds=off,cds+dynamic=off";
    if (Files.isRegularFile(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive, quiet);
    }
    if (!Files.isWritable(archive.getParent())) {
      // The JVM refuses to start when it cannot create the archive it is asked to write.
      return List.of();
    }
    if (usableBytes < MIN_USABLE_BYTES_TO_WRITE) {
      return List.of();
    }
    return List.of("-XX:ArchiveClassesAtExit=" + pending, quiet);
  }

  /**
   * Called when the JVM has exited: a clean exit's new archive takes the archive's name (and
   * archives of older builds of the jar go); anything else is removed.
   */
  void afterExit(int exitCode) {
    try {
      if (exitCode != 0 || !Files.isRegularFile(pending) || Files.isRegularFile(archive)) {
        Files.deleteIfExists(pending);
        return;
      }
      try {
        Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(pending);
        return;
      }
      removeOtherBuilds();
    } catch (IOException e) {
      // Only a start-up shortcut: the next run writes a new archive.
    }
  }

  /**
   * Removes archives of older builds of the jar (this build's archives for other runners stay), and
   * archives left half-written more than an hour ago by a launcher that was itself killed.
   */
  private void removeOtherBuilds() throws IOException {
    FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    try (DirectoryStream<Path> siblings =
        Files.newDirectoryStream(archive.getParent(), jarName + ".*" + SUFFIX + "*")) {
      for (Path other : siblings) {
        boolean abandoned =
            other.toString().endsWith(".tmp")
                && Files.getLastModifiedTime(other).compareTo(anHourAgo) < 0;
        String name = other.getFileName().toString();
        boolean olderBuild = name.endsWith(SUFFIX) && !name.startsWith(buildPrefix);
        if (abandoned || olderBuild) {
          Files.deleteIfExists(other);
        }
      }
    }
  }

  Path archive() {
    return archive;
  }

  Path pending() {
    return pending;
  }
}
