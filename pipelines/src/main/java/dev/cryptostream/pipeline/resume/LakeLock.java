package dev.cryptostream.pipeline.resume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One writer per local lake: an OS file lock on {@code <lake>/.writer.lock}, held until the JVM
 * ends (the OS releases it even after kill -9). Resuming deletes temporary files and trusts the
 * lake's contents, which would be wrong under a second job writing to the same lake.
 */
final class LakeLock {
  static final String FILE = ".writer.lock";
  private static final Map<Path, FileLock> HELD = new HashMap<>();

  private LakeLock() {}

  static synchronized void acquire(Path lake) {
    Path file = lake.toAbsolutePath().normalize().resolve(FILE);
    if (HELD.containsKey(file)) {
      return;
    }
    try {
      Files.createDirectories(lake);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalArgumentException(
            "another pipeline is writing to the lake "
                + lake
                + " ("
                + file
                + " is locked): stop it first");
      }
      HELD.put(file, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the lake " + lake, e);
    }
  }
}
