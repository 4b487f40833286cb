package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline JVM's collector: the parallel one, unless the environment already chose one. */
class CollectorFlagsTest {
  private static final List<String> PARALLEL = List.of("-XX:+UseParallelGC");

  @Test
  void theParallelCollectorByDefault() {
    assertEquals(PARALLEL, PipelineProcess.collectorFlags(Map.of()));
    assertEquals(
        PARALLEL,
        PipelineProcess.collectorFlags(
            Map.of("JAVA_TOOL_OPTIONS", "-Xss2m -XX:-UseGCOverheadLimit")),
        "an option that is not a collector choice");
  }

  @Test
  void aCollectorChosenInTheEnvironmentIsLeftAlone() {
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      for (String choice : List.of("-XX:+UseSerialGC", "-XX:+UseG1GC", "-XX:+UseZGC")) {
        assertEquals(
            List.of(),
            PipelineProcess.collectorFlags(Map.of(variable, "-XX:TieredStopAtLevel=1 " + choice)),
            variable + "=" + choice);
      }
    }
  }

  /** Why: a real JVM refuses to start with two collectors. */
  @Test
  void aJvmRefusesTwoCollectors() throws Exception {
    List<String> command = new ArrayList<>(List.of(PipelineProcess.javaBinary()));
    command.addAll(PARALLEL);
    command.add("-version");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.waitFor(), out);
  }
}
