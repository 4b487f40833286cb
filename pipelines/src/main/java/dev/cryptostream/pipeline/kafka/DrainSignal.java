package dev.cryptostream.pipeline.kafka;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells the watermark policy when catch-up mode ({@code --drainWhenIdleFor}) may begin: at once, or
 * once a local file exists ({@code --drainSignalFile}), which a launcher creates when its source
 * has stopped. Serializable: the policy runs in the runner's workers (the same machine for the
 * local runners this is meant for).
 */
@FunctionalInterface
public interface DrainSignal extends Serializable {
  /** Catch-up mode from the start: a bounded run whose data is all there already. */
  DrainSignal IMMEDIATE = Immediate.INSTANCE;

  boolean given();

  /** An enum, so that it stays the same instance after serialization to a worker. */
  enum Immediate implements DrainSignal {
    INSTANCE;

    @Override
    public boolean given() {
      return true;
    }
  }

  /** Given once {@code file} exists; checked by path on each call. */
  static DrainSignal fileExists(String file) {
    return new FileExists(file);
  }

  /** A record, so that equal signals compare equal in the transform's display data and tests. */
  record FileExists(String file) implements DrainSignal {
    @Override
    public boolean given() {
      return Files.exists(Path.of(file));
    }
  }
}
