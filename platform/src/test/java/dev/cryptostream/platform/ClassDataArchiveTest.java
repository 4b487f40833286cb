package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  private static final List<String> DIRECT = List.of("--runner=DirectRunner");
  private static final List<String> FLINK = List.of("--lakePath=/x", "--runner=FlinkRunner");
  private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

  @TempDir Path dir;

  /** Dumps asked for, as (class list, archive); writes "archive" unless told to fail. */
  private final List<List<Path>> dumps = new ArrayList<>();

  private boolean dumpFails;

  /** The class list as each dump read it. */
  private final List<List<String>> dumpedLists = new ArrayList<>();

  private final ClassDataArchive.Dump fakeDump =
      (jar, classList, archive) -> {
        dumps.add(List.of(classList, archive));
        dumpedLists.add(Files.readAllLines(classList, StandardCharsets.ISO_8859_1));
        Files.writeString(archive, dumpFails ? "half" : "archive");
        return !dumpFails;
      };

  private Path jar(String name, String content) throws IOException {
    Path jar = dir.resolve(name);
    Files.writeString(jar, content);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
    return jar;
  }

  private ClassDataArchive of(Path jar, List<String> args) {
    return ClassDataArchive.of(jar, args, fakeDump);
  }

  /** What the JVM does with -XX:DumpLoadedClassList while it runs. */
  private static void jvmLists(ClassDataArchive archive) throws IOException {
    Files.writeString(archive.classList(), "java/lang/Object id: 0\n");
  }

  @Test
  void theFirstRunListsItsClassesTheArchiveIsWrittenAfterItAndTheNextRunsStartFromIt()
      throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive first = of(jar, DIRECT);
    assertEquals(List.of("-XX:DumpLoadedClassList=" + first.classList(), QUIET), first.jvmFlags());
    assertFalse(Files.exists(first.archive()));

    jvmLists(first);
    first.afterExit(0);
    assertEquals(List.of(List.of(first.classList(), first.pending())), dumps);
    assertTrue(Files.isRegularFile(first.archive()));
    assertFalse(Files.exists(first.pending()));
    assertFalse(Files.exists(first.classList()));

    first.afterExit(0);
    assertEquals(1, dumps.size(), "a second call does nothing");
    ClassDataArchive next = of(jar, DIRECT);
    assertEquals(first.archive(), next.archive());
    assertEquals(List.of("-XX:SharedArchiveFile=" + first.archive(), QUIET), next.jvmFlags());
  }

  @Test
  void classesTheJdkGeneratesAtRunTimeAreLeftOutOfTheDump() throws IOException {
    ClassDataArchive first = of(jar("p.jar", "v1"), FLINK);
    // A class name in the JVM's modified UTF-8 (an encoded surrogate: not valid strict UTF-8) is
    // kept byte for byte.
    String odd = "dev/cryptostream/\u00ed\u00a0\u0080 id: 2";
    Files.write(
        first.classList(),
        List.of(
            "java/lang/Object id: 0",
            "@lambda-proxy java/util/List forEach",
            "@lambda-form-invoker [SPECIES_RESOLVE] java.lang.invoke.BoundMethodHandle$Species_LI",
            "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.Invokers$Holder invokeExact_MT L_L",
            odd,
            "dev/cryptostream/X id: 1"),
        StandardCharsets.ISO_8859_1);
    first.afterExit(0);
    assertEquals(
        List.of(
            List.of(
                "java/lang/Object id: 0",
                "@lambda-proxy java/util/List forEach",
                odd,
                "dev/cryptostream/X id: 1")),
        dumpedLists);
    assertTrue(Files.exists(first.archive()));
  }

  @Test
  void aNearlyFullDiskGetsNoArchiveWrittenButAnExistingOneIsUsed() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive first = of(jar, DIRECT);
    assertEquals(List.of(), first.jvmFlags(ClassDataArchive.MIN_USABLE_BYTES_TO_WRITE - 1));
    assertEquals(
        List.of("-XX:DumpLoadedClassList=" + first.classList(), QUIET),
        first.jvmFlags(ClassDataArchive.MIN_USABLE_BYTES_TO_WRITE));
    jvmLists(first);
    first.afterExit(0);
    // Reading an archive needs no space.
    assertEquals(
        List.of("-XX:SharedArchiveFile=" + first.archive(), QUIET), of(jar, DIRECT).jvmFlags(0));
  }

  @Test
  void aRunThatDidNotEndCleanlyGetsNoArchiveAndLeavesNoList() throws IOException {
    ClassDataArchive killed = of(jar("pipeline.jar", "v1"), DIRECT);
    jvmLists(killed);
    killed.afterExit(137);
    assertEquals(List.of(), dumps, "the classes of a failed run are not archived");
    assertFalse(Files.exists(killed.archive()));
    assertFalse(Files.exists(killed.classList()));
  }

  @Test
  void aFailedDumpLeavesNoArchiveAndNothingHalfWritten() throws IOException {
    ClassDataArchive run = of(jar("pipeline.jar", "v1"), DIRECT);
    jvmLists(run);
    dumpFails = true;
    run.afterExit(0);
    assertEquals(1, dumps.size());
    assertFalse(Files.exists(run.archive()));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "only the jar");
    }
  }

  @Test
  void aRunThatListedNothingChangesNothing() throws IOException {
    ClassDataArchive run = of(jar("pipeline.jar", "v1"), DIRECT);
    run.afterExit(0);
    assertEquals(List.of(), dumps);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "only the jar");
    }
  }

  @Test
  void twoRunsAtOnceListApartAndTheFirstArchiveServesBoth() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive a = of(jar, DIRECT);
    ClassDataArchive b = of(jar, DIRECT);
    assertNotEquals(a.classList(), b.classList());
    assertNotEquals(a.pending(), b.pending());
    jvmLists(a);
    jvmLists(b);
    a.afterExit(0);
    b.afterExit(0);
    assertEquals(1, dumps.size(), "the second run finds the archive written");
    assertEquals("archive", Files.readString(a.archive()));
    assertFalse(Files.exists(b.classList()));
  }

  @Test
  void aRebuiltJarGetsItsOwnArchiveAndTheOldOneGoes() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    Path otherJar = jar("other.jar", "x");
    ClassDataArchive old = of(jar, DIRECT);
    jvmLists(old);
    old.afterExit(0);
    ClassDataArchive ofOther = of(otherJar, DIRECT);
    jvmLists(ofOther);
    ofOther.afterExit(0);

    Files.writeString(jar, "version 2, longer");
    ClassDataArchive rebuilt = of(jar, DIRECT);
    assertNotEquals(old.archive(), rebuilt.archive());
    assertTrue(rebuilt.jvmFlags().get(0).startsWith("-XX:DumpLoadedClassList="));
    jvmLists(rebuilt);
    rebuilt.afterExit(0);

    assertTrue(Files.isRegularFile(rebuilt.archive()));
    assertFalse(Files.exists(old.archive()), "the old build's archive is removed");
    assertTrue(Files.isRegularFile(ofOther.archive()), "another jar's archive is kept");
  }

  @Test
  void filesAbandonedLongAgoAreRemovedAndThoseOfARunningPipelineAreNot() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive abandoned = of(jar, DIRECT);
    jvmLists(abandoned);
    Files.setLastModifiedTime(
        abandoned.classList(), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
    ClassDataArchive running = of(jar, DIRECT);
    jvmLists(running);
    ClassDataArchive done = of(jar, DIRECT);
    jvmLists(done);
    done.afterExit(0);
    assertFalse(Files.exists(abandoned.classList()));
    assertTrue(Files.exists(running.classList()));
  }

  @Test
  void eachRunnerHasItsOwnArchiveOfTheSameBuild() throws IOException {
    Path jar = jar("pipeline.jar", "v1");
    ClassDataArchive direct = of(jar, DIRECT);
    jvmLists(direct);
    direct.afterExit(0);
    ClassDataArchive flink = of(jar, FLINK);
    assertNotEquals(direct.archive(), flink.archive());
    assertTrue(flink.jvmFlags().get(0).startsWith("-XX:DumpLoadedClassList="));
    jvmLists(flink);
    flink.afterExit(0);
    assertTrue(Files.isRegularFile(direct.archive()), "the other runner's archive is kept");
    assertEquals(
        "-XX:SharedArchiveFile=" + direct.archive(),
        of(jar, List.of()).jvmFlags().get(0),
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

  /**
   * A jar with one main class that prints its argument. It deserializes a record on the way, as
   * Beam does with the pipeline's options and transforms: that makes the JDK generate method-handle
   * classes that a JVM with a JFR recording crashed loading from an archive that held them.
   */
  private Path helloJar() throws IOException {
    Path src = dir.resolve("src/Hello.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        "import java.io.*;\n"
            + "public class Hello {\n"
            + "  record Greeting(String word, int n, long m) implements Serializable {}\n"
            + "  public static void main(String[] a) throws Exception {\n"
            + "    ByteArrayOutputStream bytes = new ByteArrayOutputStream();\n"
            + "    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {\n"
            + "      out.writeObject(new Greeting(\"hello\", 1, 2L));\n"
            + "    }\n"
            + "    Greeting g = (Greeting) new ObjectInputStream(\n"
            + "        new ByteArrayInputStream(bytes.toByteArray())).readObject();\n"
            + "    java.util.List.of(a).forEach(s -> System.out.println(g.word() + \" \" + s));\n"
            + "  }\n"
            + "}\n");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(
        0, javac.run(null, null, null, "-d", dir.resolve("classes").toString(), src.toString()));
    Path jar = dir.resolve("hello.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    manifest.getMainAttributes().putValue("Main-Class", "Hello");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      for (String name : List.of("Hello.class", "Hello$Greeting.class")) {
        jarOut.putNextEntry(new JarEntry(name));
        jarOut.write(Files.readAllBytes(dir.resolve("classes").resolve(name)));
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  /** Runs the jar; a JVM that crashes leaves its report in the test's directory. */
  private String runJava(List<String> jvmFlags, Path jar) throws Exception {
    List<String> command = new ArrayList<>(List.of(PipelineProcess.javaBinary()));
    command.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString(), "world"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  /** What bench/throughput.sh runs: the launcher's dump, from a list a JVM wrote on its own. */
  @Test
  void theCommandLineDumpWritesAnArchiveAJfrRunStartsFrom() throws Exception {
    Path jar = helloJar();
    Path list = dir.resolve("bench.classes");
    Path archive = dir.resolve("bench.jsa");
    assertEquals("hello world\n", runJava(List.of("-XX:DumpLoadedClassList=" + list, QUIET), jar));
    assertTrue(Files.readString(list).contains(ClassDataArchive.GENERATED_PREFIX), "precondition");
    assertEquals(
        0,
        ClassDataArchive.run(new String[] {jar.toString(), list.toString(), archive.toString()}));
    assertFalse(Files.readString(list).contains(ClassDataArchive.GENERATED_PREFIX));
    assertEquals(
        "hello world\n",
        runJava(
            List.of(
                "-XX:SharedArchiveFile=" + archive,
                "-Xshare:on",
                QUIET,
                "-XX:StartFlightRecording=filename=" + dir.resolve("bench.jfr"),
                "-Xlog:jfr+startup=off"),
            jar));
    assertEquals(2, ClassDataArchive.run(new String[] {jar.toString()}));
    Path nowhere = dir.resolve("no-such-dir/x.jsa");
    assertEquals(
        1,
        ClassDataArchive.run(new String[] {jar.toString(), list.toString(), nowhere.toString()}));
    assertFalse(Files.exists(nowhere));
  }

  @Test
  void aRealJvmListsARealDumpWritesAndTheNextJvmStartsFromTheArchive() throws Exception {
    Path jar = helloJar();
    ClassDataArchive first = ClassDataArchive.of(jar, DIRECT);
    assertEquals("hello world\n", runJava(first.jvmFlags(), jar));
    assertTrue(Files.size(first.classList()) > 0, "the JVM listed its classes");
    first.afterExit(0);
    assertTrue(Files.size(first.archive()) > 1_000_000, "a real archive was written");
    assertFalse(Files.exists(first.classList()));

    List<String> flags = ClassDataArchive.of(jar, DIRECT).jvmFlags();
    assertEquals("-XX:SharedArchiveFile=" + first.archive(), flags.get(0));
    List<String> checked = new ArrayList<>(flags);
    // Fail instead of starting without the archive if it cannot be mapped.
    checked.add("-Xshare:on");
    assertEquals("hello world\n", runJava(checked, jar));
    // A JFR recording hooks class loading: this crashed (exit 134) with the generated classes in.
    checked.add("-XX:StartFlightRecording=filename=" + dir.resolve("hello.jfr"));
    checked.add("-Xlog:jfr+startup=off");
    assertEquals("hello world\n", runJava(checked, jar));
  }
}
