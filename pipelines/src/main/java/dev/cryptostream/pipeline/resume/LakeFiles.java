package dev.cryptostream.pipeline.resume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one local lake table: the finished Parquet files under {@code <table>/dt=*}{@code
 * /hour=*}{@code /*.parquet}, and the temporary directories Beam's FileIO writes into before it
 * renames finished files into place ({@code .temp-beam*}).
 *
 * <p>FileIO renames with an atomic move, so a file with a final name is complete; a killed run
 * leaves only its temporary directory behind, which no later run renames from (each run writes
 * under a new random temporary directory).
 */
final class LakeFiles {
  static final String TEMP_PREFIX = ".temp-beam";

  /** Suffix given to a finished-looking file that is not readable Parquet (kept for inspection). */
  static final String UNREADABLE_SUFFIX = ".unreadable";

  private LakeFiles() {}

  /** Finished Parquet files of a table, in a stable order; none when the table does not exist. */
  static List<Path> finishedFiles(Path tableDir) {
    if (!Files.isDirectory(tableDir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(tableDir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> isPartitionFile(tableDir, p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tableDir, e);
    }
  }

  /**
   * True for {@code <table>/dt=…/hour=…/file}; anything in a dot directory is a writer's temporary.
   */
  private static boolean isPartitionFile(Path tableDir, Path file) {
    Path relative = tableDir.relativize(file);
    return relative.getNameCount() == 3
        && relative.getName(0).toString().startsWith("dt=")
        && relative.getName(1).toString().startsWith("hour=")
        && !relative.getFileName().toString().startsWith(".");
  }

  /**
   * Deletes every FileIO temporary directory below {@code tableDir} (at any depth) and returns
   * them. Only safe while no other job writes to this lake, which {@link LakeLock} ensures.
   */
  static List<Path> deleteTemporaryDirectories(Path tableDir) {
    List<Path> temporary = new ArrayList<>();
    if (!Files.isDirectory(tableDir)) {
      return temporary;
    }
    try {
      Files.walkFileTree(
          tableDir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.getFileName().toString().startsWith(TEMP_PREFIX)) {
                temporary.add(dir);
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }
          });
      for (Path dir : temporary) {
        deleteRecursively(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove temporary files under " + tableDir, e);
    }
    return temporary;
  }

  /**
   * Renames an unreadable file out of the readers' glob ({@code *.parquet}) and returns the new
   * path.
   */
  static Path setAside(Path file) {
    Path target = file.resolveSibling(file.getFileName() + UNREADABLE_SUFFIX);
    try {
      return Files.move(file, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set aside the unreadable lake file " + file, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
