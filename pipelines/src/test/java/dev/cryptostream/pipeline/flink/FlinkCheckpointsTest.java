package dev.cryptostream.pipeline.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkCheckpointsTest {
  @TempDir Path dir;

  private Path checkpoint(String job, int n, boolean complete, long modifiedMillis)
      throws Exception {
    Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
    Files.writeString(chk.resolve("state-of-an-operator"), "x");
    if (complete) {
      Path metadata = Files.writeString(chk.resolve(FlinkCheckpoints.METADATA), "m");
      Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }
    return chk;
  }

  @Test
  void noDirectoryOrNoCheckpointMeansNothingToResume() throws Exception {
    assertEquals(Optional.empty(), FlinkCheckpoints.latestCompleted(dir.resolve("absent")));
    Files.createDirectories(dir.resolve("job-a").resolve("shared"));
    assertEquals(Optional.empty(), FlinkCheckpoints.latestCompleted(dir));
  }

  @Test
  void theNewestCompletedCheckpointOfAnyJobWins() throws Exception {
    checkpoint("job-a", 3, true, 1_000);
    Path newest = checkpoint("job-b", 1, true, 5_000);
    checkpoint("job-a", 4, true, 2_000);
    assertEquals(Optional.of(newest), FlinkCheckpoints.latestCompleted(dir));
  }

  @Test
  void aCheckpointWithoutMetadataWasCutShortAndIsSkipped() throws Exception {
    Path complete = checkpoint("job-a", 7, true, 1_000);
    checkpoint("job-a", 8, false, 0);
    assertEquals(Optional.of(complete), FlinkCheckpoints.latestCompleted(dir));
  }

  @Test
  void equalTimesAreBrokenByTheCheckpointNumber() throws Exception {
    checkpoint("job-a", 9, true, 1_000);
    Path higher = checkpoint("job-a", 10, true, 1_000);
    assertEquals(Optional.of(higher), FlinkCheckpoints.latestCompleted(dir));
  }

  @Test
  void fileUrisAndPathsAreTheSameDirectory() {
    assertEquals(dir, FlinkCheckpoints.localPath(dir.toUri().toString()));
    assertEquals(dir, FlinkCheckpoints.localPath(dir.toString()));
    assertTrue(FlinkCheckpoints.number(dir.resolve("chk-12")) == 12);
  }
}
