package dev.cryptostream.pipeline.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the checkpoints Flink externalized under a checkpoint directory. Flink writes each job's
 * checkpoints to {@code <dir>/<job id>/chk-<n>/} and the {@code _metadata} file last, so a
 * checkpoint directory with {@code _metadata} is complete; one without it was cut short.
 */
public final class FlinkCheckpoints {
  static final String METADATA = "_metadata";

  private FlinkCheckpoints() {}

  /** The newest completed checkpoint of any job under {@code dir}, if there is one. */
  public static Optional<Path> latestCompleted(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(dir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(FlinkCheckpoints::completedOf)
          .max(
              Comparator.comparing((Path chk) -> modified(chk.resolve(METADATA)))
                  .thenComparingLong(FlinkCheckpoints::number));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
    }
  }

  private static Stream<Path> completedOf(Path jobDir) {
    try (Stream<Path> children = Files.list(jobDir)) {
      return children
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.isRegularFile(p.resolve(METADATA)))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + jobDir, e);
    }
  }

  static long number(Path chk) {
    try {
      return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** A path or file URI as a local path. */
  static Path localPath(String dirOrUri) {
    return dirOrUri.startsWith("file:")
        ? Path.of(java.net.URI.create(dirOrUri))
        : Path.of(dirOrUri);
  }
}
