package dev.cryptostream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive (JDK CDS) of one build of the pipeline jar: the classes a run
 * loaded, already parsed and verified, mapped into the next run instead of being read again from a
 * 300 MB jar (about 2-5 s less start-up and 4-6 s less CPU on the 2-core machine, see
 * docs/measurements.md).
 *
 * <p>The first run of a jar only lists the classes it loads ({@code -XX:DumpLoadedClassList});
 * after it ended cleanly, a separate JVM writes the archive from that list ({@code -Xshare:dump}),
 * and later runs start from it. The archive is not written by the pipeline's own JVM at exit
 * ({@code -XX:ArchiveClassesAtExit}): JDK 17 crashed doing that after 3 of about 8 clean Flink runs
 * here (SIGSEGV in SystemDictionaryShared::adjust_lambda_proxy_class_dictionary), turning a
 * finished pipeline into exit code 134. A dump JVM that fails costs nothing but the archive.
 *
 * <p>The list's {@code @lambda-form-invoker} lines are left out of the dump: they make the archive
 * hold method-handle classes the JDK generates at run time and has no class file for, and a JVM
 * with a class-file hook (a JFR recording, a Java agent) then crashed loading one from the archive
 * (JDK 17: SIGSEGV in KlassFactory::check_shared_class_file_load_hook, exit 134, seen here with
 * {@code -XX:StartFlightRecording}). Without them the JDK generates those classes as it would
 * without an archive; start-up did not change measurably.
 *
 * <p>The archive sits next to the jar and is named after the jar's size and modification time, so a
 * rebuilt jar gets a new one (the JVM would refuse a mismatched archive anyway and start without
 * it), and after the runner: a DirectRunner run and a Flink run load different classes (an archive
 * of a DirectRunner run left a Flink run loading Flink's classes from the jar). It is written to a
 * temporary name and moved into place only when complete, so two pipelines starting at once, or a
 * launcher killed while dumping, never leave a half-written archive under the name the next run
 * reads. An archive the JVM cannot use is ignored, never an error.
 */
final class ClassDataArchive {
  private static final String SUFFIX = ".jsa";

  /** A class-list line naming a method-handle class the JDK generates at run time. */
  static final String GENERATED_PREFIX = "@lambda-form-invoker";

  /**
   * Space the disk must have left for a run to list its classes and then write an archive (up to
   * ~140 MB): the lake and checkpoints beside it come first.
   */
  static final long MIN_USABLE_BYTES_TO_WRITE = 1L << 30;

  /** Writes an archive from a class list; true when it did. */
  @FunctionalInterface
  interface Dump {
    boolean write(Path jar, Path classList, Path archive) throws IOException, InterruptedException;
  }

  /** How long the dump JVM may take (about 15 s for a Flink run's 19,000 classes here). */
  static final Duration DUMP_TIMEOUT = Duration.ofMinutes(3);

  /** The real dump: a JVM with -Xshare:dump over the pipeline jar. */
  static final Dump JVM_DUMP =
      (jar, classList, archive) -> {
        Process p =
            new ProcessBuilder(
                    PipelineProcess.javaBinary(),
                    "-Xshare:dump",
                    "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + archive,
                    "-Xlog:cds=off,cds+dynamic=off,gc+verify=off",
                    "-cp",
                    jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(DUMP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          return false;
        }
        return p.exitValue() == 0;
      };

  private final Path jar;
  private final String jarName;
  private final String buildPrefix;
  private final Path archive;
  private final Path pending;
  private final Path classList;
  private final Dump dump;

  private ClassDataArchive(
      Path jar, String buildPrefix, Path archive, String pendingStem, Dump dump) {
    this.jar = jar;
    this.jarName = jar.getFileName().toString();
    this.buildPrefix = buildPrefix;
    this.archive = archive;
    this.pending = archive.resolveSibling(pendingStem + ".tmp");
    this.classList = archive.resolveSibling(pendingStem + ".classes.tmp");
    this.dump = dump;
  }

  /**
   * The archive of this build of {@code jar} for the runner {@code pipelineArgs} choose, and where
   * this run would write it.
   */
  static ClassDataArchive of(Path jar, List<String> pipelineArgs) {
    return of(jar, pipelineArgs, JVM_DUMP);
  }

  /** As {@link #of(Path, List)}, writing archives with {@code dump}. */
  static ClassDataArchive of(Path jar, List<String> pipelineArgs, Dump dump) {
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
      String pendingStem = name + "." + ProcessHandle.current().pid() + "-" + System.nanoTime();
      return new ClassDataArchive(absolute, buildPrefix, archive, pendingStem, dump);
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
   * JVM flags: start from the archive if there is one, else list the classes loaded so that one can
   * be written after the run (none when the jar's directory is read-only or its disk nearly full).
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
      // Neither the list nor the archive could be written there.
      return List.of();
    }
    if (usableBytes < MIN_USABLE_BYTES_TO_WRITE) {
      return List.of();
    }
    return List.of("-XX:DumpLoadedClassList=" + classList, quiet);
  }

  /**
   * Called when the JVM has exited: after a clean exit, the archive is written from the run's class
   * list (by another JVM, waited for) and takes the archive's name (and archives of older builds of
   * the jar go); anything else is removed. Calling it again does nothing.
   */
  void afterExit(int exitCode) {
    try {
      if (exitCode == 0 && Files.isRegularFile(classList) && !Files.isRegularFile(archive)) {
        boolean written;
        try {
          written = writeArchive(dump, jar, classList, pending);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          written = false;
        }
        if (written && Files.isRegularFile(pending)) {
          try {
            Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
            removeOtherBuilds();
          } catch (FileAlreadyExistsException e) {
            // Another run's archive came first: it serves as well.
          }
        }
      }
    } catch (IOException e) {
      // Only a start-up shortcut: the next run lists its classes again.
    } finally {
      deleteQuietly(classList);
      deleteQuietly(pending);
    }
  }

  /** Writes {@code archive} from a run's class list: generated classes left out, then the dump. */
  static boolean writeArchive(Dump dump, Path jar, Path classList, Path archive)
      throws IOException, InterruptedException {
    withoutGeneratedClasses(classList);
    return dump.write(jar, classList, archive);
  }

  /**
   * Writes an archive from a class list as the launcher does, for scripts that start pipeline JVMs
   * themselves (bench/throughput.sh). Arguments: JAR CLASS_LIST ARCHIVE; exit code 0 once the
   * archive is written, 1 when the dump failed, 2 on bad arguments.
   */
  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: ClassDataArchive JAR CLASS_LIST ARCHIVE");
      return 2;
    }
    return writeArchive(JVM_DUMP, Path.of(args[0]), Path.of(args[1]), Path.of(args[2])) ? 0 : 1;
  }

  /** Drops the lines naming classes the JDK generates at run time (see the class comment). */
  static void withoutGeneratedClasses(Path classList) throws IOException {
    // Byte for byte (ISO-8859-1 maps every byte to one char): the JVM writes class names in its
    // own modified UTF-8, which a strict UTF-8 reader may refuse.
    List<String> lines = Files.readAllLines(classList, StandardCharsets.ISO_8859_1);
    List<String> kept = lines.stream().filter(l -> !l.startsWith(GENERATED_PREFIX)).toList();
    if (kept.size() != lines.size()) {
      Files.write(classList, kept, StandardCharsets.ISO_8859_1);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temporary file; removeOtherBuilds clears what is left an hour later.
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

  Path classList() {
    return classList;
  }
}
