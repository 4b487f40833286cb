package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's bundled jar holds no class of the embedded Kafka broker (the Kafka jars on this
 * module's classpath other than kafka-clients: Scala broker, server, metadata, Raft, storage,
 * coordinators) and none of this module's own classes. The enforcer's bannedDependencies rule in
 * the pipelines pom keeps them out of its dependency tree; this checks the jar that ships.
 */
class PipelineJarContentsTest {
  /** Class entry -> the jar (or "platform") it comes from. */
  private static final Map<String, String> FORBIDDEN = new TreeMap<>();

  private static List<Path> brokerJars;

  @BeforeAll
  static void readForbiddenClasses() throws Exception {
    brokerJars = brokerJarsOnClasspath();
    for (Path brokerJar : brokerJars) {
      for (String entry : classEntries(brokerJar)) {
        FORBIDDEN.put(entry, brokerJar.getFileName().toString());
      }
    }
    Path platformClasses =
        Path.of(LocalRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(platformClasses)) {
      files
          .filter(f -> f.toString().endsWith(".class"))
          .forEach(
              f ->
                  FORBIDDEN.put(
                      platformClasses.relativize(f).toString().replace('\\', '/'), "platform"));
    }
  }

  @Test
  void forbiddenListHoldsTheBrokerAndThePlatform() {
    assertTrue(
        brokerJars.stream().anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-")),
        "the broker jar kafka_2.13 is not on this test's classpath: " + brokerJars);
    assertTrue(brokerJars.stream().noneMatch(p -> p.getFileName().toString().contains("clients")));
    assertEquals("kafka_2.13-" + kafkaVersion() + ".jar", FORBIDDEN.get(brokerClass()));
    assertEquals("platform", FORBIDDEN.get("dev/cryptostream/platform/LocalRun.class"));
    assertTrue(
        FORBIDDEN.keySet().stream().anyMatch(e -> e.startsWith("org/apache/kafka/raft/")),
        "Raft classes read");
    assertTrue(
        FORBIDDEN.keySet().stream().anyMatch(e -> e.startsWith("org/apache/kafka/metadata/")),
        "metadata classes read");
  }

  @Test
  void bundledPipelineJarHoldsNoBrokerOrPlatformClass() throws IOException {
    Path jar = PipelineProcess.bundledJar(PipelineRuns.repoRoot());
    assertTrue(Files.isRegularFile(jar), jar + " is missing: build the pipelines module first");
    try (ZipFile bundled = new ZipFile(jar.toFile())) {
      // The jar is the real one: the pipeline and its Kafka client are in it.
      assertTrue(bundled.getEntry("dev/cryptostream/pipeline/TradePipelineMain.class") != null);
      assertTrue(bundled.getEntry("org/apache/kafka/clients/consumer/KafkaConsumer.class") != null);
    }

    Map<String, String> found = forbiddenClassesIn(jar);

    assertTrue(
        found.isEmpty(),
        found.size()
            + " broker or platform classes are in "
            + jar.getFileName()
            + ", the first: "
            + found.entrySet().stream().limit(20).toList());
  }

  @Test
  void aJarWithABrokerOrPlatformClassIsCaught(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("bad-bundled.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String name :
          List.of(
              "org/apache/kafka/clients/consumer/KafkaConsumer.class",
              brokerClass(),
              "dev/cryptostream/platform/LocalRun.class",
              "kafka/kafka-version.properties")) {
        zip.putNextEntry(new ZipEntry(name));
        zip.closeEntry();
      }
    }

    assertEquals(
        Map.of(
            brokerClass(),
            "kafka_2.13-" + kafkaVersion() + ".jar",
            "dev/cryptostream/platform/LocalRun.class",
            "platform"),
        forbiddenClassesIn(jar));
  }

  private static Map<String, String> forbiddenClassesIn(Path jar) throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        String from = FORBIDDEN.get(e.getName());
        if (from != null) {
          found.put(e.getName(), from);
        }
      }
    }
    return found;
  }

  /** Every Kafka jar on this test's classpath except the client: the broker and its parts. */
  private static List<Path> brokerJarsOnClasspath() throws IOException, URISyntaxException {
    List<Path> jars = new ArrayList<>();
    for (URL manifest :
        Collections.list(ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF"))) {
      if (!"jar".equals(manifest.getProtocol())) {
        continue;
      }
      Path jar = Path.of(((JarURLConnection) manifest.openConnection()).getJarFileURL().toURI());
      String repoPath = jar.toString().replace('\\', '/');
      if (repoPath.contains("/org/apache/kafka/")
          && !jar.getFileName().toString().startsWith("kafka-clients-")) {
        jars.add(jar);
      }
    }
    return jars;
  }

  private static List<String> classEntries(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
          .toList();
    }
  }

  private static String brokerClass() {
    return kafka.server.KafkaRaftServer.class.getName().replace('.', '/') + ".class";
  }

  private static String kafkaVersion() {
    return org.apache.kafka.common.utils.AppInfoParser.getVersion();
  }
}
