package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  private static final List<String> DIRECT = List.of("--runner=DirectRunner");
  private static final List<String> FLINK = List.of("--lakePath=/x", "--runner=FlinkRunner");

  @TempDir Path dir;

  private Path jar(String name, String content) throws IOException {
    Path jar = dir.resolve(name);
    Files.writeString(jar, content);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
    return jar;
  }

  /** What the JVM does at exit with -XX:ArchiveClassesAtExit. */
  private static void jvmDumps(ClassDataArchive archive) throws IOException {
    Files.writeString(archive.pending(), "archive");
  }

  @Test
  void theFirstRunWritesTheArchiveAndTheNextRunsStartFromIt() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive first = ClassDataArchive.of(jar, DIRECT);
    assertEquals(
        List.of("-XX:ArchiveClassesAtExit=" + first.pending(), "-Xlog:cds=off,cds+dynamic=off"),
        first.jvmFlags());
    assertFalse(Files.exists(first.archive()));

    jvmDumps(first);
    first.afterExit(0);
    assertTrue(Files.isRegularFile(first.archive()));
    assertFalse(Files.exists(first.pending()));

    ClassDataArchive next = ClassDataArchive.of(jar, DIRECT);
    assertEquals(first.archive(), next.archive());
    assertEquals(
        List.of("-XX:SharedArchiveFile=" + first.archive(), "-Xlog:cds=off,cds+dynamic=off"),
        next.jvmFlags());
  }

  @Test
  void aNearlyFullDiskGetsNoArchiveWrittenButAnExistingOneIsUsed() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive first = ClassDataArchive.of(jar, DIRECT);
    // The JVM would exit 1 after a clean run if the archive did not fit: it is not asked to write.
    assertEquals(List.of(), first.jvmFlags(ClassDataArchive.MIN_USABLE_BYTES_TO_WRITE - 1));
    assertEquals(
        List.of("-XX:ArchiveClassesAtExit=" + first.pending(), "-Xlog:cds=off,cds+dynamic=off"),
        first.jvmFlags(ClassDataArchive.MIN_USABLE_BYTES_TO_WRITE));
    jvmDumps(first);
    first.afterExit(0);
    // Reading an archive needs no space.
    assertEquals(
        List.of("-XX:SharedArchiveFile=" + first.archive(), "-Xlog:cds=off,cds+dynamic=off"),
        ClassDataArchive.of(jar, DIRECT).jvmFlags(0));
  }

  @Test
  void aRunThatDidNotEndCleanlyLeavesNoArchive() throws IOException {
    ClassDataArchive killed = ClassDataArchive.of(jar("pipeline.jar", "v1"), DIRECT);
    jvmDumps(killed);
    killed.afterExit(137);
    assertFalse(Files.exists(killed.archive()));
    assertFalse(Files.exists(killed.pending()), "a possibly half-written archive is removed");
  }

  @Test
  void aRunThatWroteNothingChangesNothing() throws IOException {
    ClassDataArchive run = ClassDataArchive.of(jar("pipeline.jar", "v1"), DIRECT);
    run.afterExit(0);
    assertFalse(Files.exists(run.archive()));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "only the jar");
    }
  }

  @Test
  void twoRunsAtOnceWriteApartAndTheFirstToEndWins() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive a = ClassDataArchive.of(jar, DIRECT);
    ClassDataArchive b = ClassDataArchive.of(jar, DIRECT);
    assertNotEquals(a.pending(), b.pending());
    jvmDumps(a);
    Files.writeString(b.pending(), "other");
    a.afterExit(0);
    b.afterExit(0);
    assertEquals("archive", Files.readString(a.archive()));
    assertFalse(Files.exists(b.pending()));
  }

  @Test
  void aRebuiltJarGetsItsOwnArchiveAndTheOldOneGoes() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    Path otherJar = jar("other.jar", "x");
    ClassDataArchive old = ClassDataArchive.of(jar, DIRECT);
    jvmDumps(old);
    old.afterExit(0);
    ClassDataArchive ofOther = ClassDataArchive.of(otherJar, DIRECT);
    jvmDumps(ofOther);
    ofOther.afterExit(0);

    Files.writeString(jar, "version 2, longer");
    ClassDataArchive rebuilt = ClassDataArchive.of(jar, DIRECT);
    assertNotEquals(old.archive(), rebuilt.archive());
    assertTrue(rebuilt.jvmFlags().get(0).startsWith("-XX:ArchiveClassesAtExit="));
    jvmDumps(rebuilt);
    rebuilt.afterExit(0);

    assertTrue(Files.isRegularFile(rebuilt.archive()));
    assertFalse(Files.exists(old.archive()), "the old build's archive is removed");
    assertTrue(Files.isRegularFile(ofOther.archive()), "another jar's archive is kept");
  }

  @Test
  void anArchiveAbandonedLongAgoIsRemovedAndOneBeingWrittenIsNot() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive abandoned = ClassDataArchive.of(jar, DIRECT);
    jvmDumps(abandoned);
    Files.setLastModifiedTime(
        abandoned.pending(), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
    ClassDataArchive running = ClassDataArchive.of(jar, DIRECT);
    jvmDumps(running);
    ClassDataArchive done = ClassDataArchive.of(jar, DIRECT);
    jvmDumps(done);
    done.afterExit(0);
    assertFalse(Files.exists(abandoned.pending()));
    assertTrue(Files.exists(running.pending()));
  }

  @Test
  void eachRunnerHasItsOwnArchiveOfTheSameBuild() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive direct = ClassDataArchive.of(jar, DIRECT);
    jvmDumps(direct);
    direct.afterExit(0);
    ClassDataArchive flink = ClassDataArchive.of(jar, FLINK);
    assertNotEquals(direct.archive(), flink.archive());
    assertTrue(flink.jvmFlags().get(0).startsWith("-XX:ArchiveClassesAtExit="));
    jvmDumps(flink);
    flink.afterExit(0);
    assertTrue(Files.isRegularFile(direct.archive()), "the other runner's archive is kept");
    assertEquals(
        "-XX:SharedArchiveFile=" + direct.archive(),
        ClassDataArchive.of(jar, List.of()).jvmFlags().get(0),
        "no --runner is the DirectRunner");
  }

  @Test
  void theRunnerIsReadAsBeamReadsIt() {
    assertEquals("direct", ClassDataArchive.runnerOf(List.of()));
    assertEquals("flink", ClassDataArchive.runnerOf(List.of("--runner=FlinkRunner")));
    assertEquals("flink", ClassDataArchive.runnerOf(List.of("--runner=flink")));
    assertEquals(
        "flink",
        ClassDataArchive.runnerOf(List.of("--runner=org.apache.beam.runners.flink.FlinkRunner")));
    assertEquals(
        "dataflow", ClassDataArchive.runnerOf(List.of("--runner=x", "--runner=DataflowRunner")));
    assertEquals("other", ClassDataArchive.runnerOf(List.of("--runner=../../etc")));
  }
}
