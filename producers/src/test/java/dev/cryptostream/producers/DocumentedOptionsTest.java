package dev.cryptostream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every producers option that the docs (producers, connectors, event time, the producers section of
 * the GCP deployment), the bench scripts, Terraform's worker pools and the platform's replay
 * launcher mention exists in the command it is mentioned for: a renamed or dropped option fails
 * here, not in a deployment.
 */
class DocumentedOptionsTest {
  private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));

  /** A kebab-case option; camelCase pipeline options such as --priceTopics do not match. */
  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\\w])");

  private static final CommandLine CLI = ProducerCli.commandLine(quiet(), quiet());

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
  }

  /** The text from the line starting with {@code start} to the next line starting with "## ". */
  private static String section(String text, String start) {
    int from = text.indexOf("\n" + start);
    assertTrue(from >= 0, "no section " + start);
    int to = text.indexOf("\n## ", from + 1);
    return text.substring(from, to < 0 ? text.length() : to);
  }

  /** The block of Terraform from {@code start} to the next line that is only " }". */
  private static String block(String text, String start) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, "no block " + start);
    return text.substring(from, text.indexOf("\n  }", from));
  }

  private static Set<String> options(String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = OPTION.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  /** The lines of the bench scripts that run {@code simulate}, continuation lines included. */
  private static String benchSimulateLines() throws IOException {
    StringBuilder lines = new StringBuilder();
    try (Stream<Path> scripts = Files.list(ROOT.resolve("bench"))) {
      for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).sorted().toList()) {
        boolean continued = false;
        for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
          if (continued || line.matches(".*\\bsimulate (--|bench\\.).*")) {
            lines.append(line).append('\n');
            continued = line.endsWith("\\");
          }
        }
      }
    }
    return lines.toString();
  }

  /**
   * The producers' Kafka authentication in the GCP deployment guide (after its gcloud commands).
   */
  private static String deployKafkaAuthentication() throws IOException {
    String producers = section(read("docs/deploy-gcp.md"), "## 5. Producers");
    int from = producers.indexOf("**Kafka authentication.**");
    assertTrue(from >= 0, "no Kafka authentication paragraph in deploy-gcp.md section 5");
    return producers.substring(from);
  }

  static Stream<Arguments> mentions() throws IOException {
    String producers = read("docs/producers.md");
    String terraform = read("terraform/modules/producers/main.tf");
    String pipelineRuns =
        read("platform/src/test/java/dev/cryptostream/platform/PipelineRuns.java");
    List<String> all = List.of("simulate", "replay", "live", "poll-coingecko");
    List<Arguments> cases = new ArrayList<>();
    cases.add(
        Arguments.of(
            "docs/producers.md: introduction",
            producers.substring(0, producers.indexOf("\n## ")),
            all));
    cases.add(
        Arguments.of(
            "docs/producers.md: Simulator and replay",
            section(producers, "## Simulator and replay"),
            List.of("simulate", "replay")));
    cases.add(
        Arguments.of(
            "docs/producers.md: Live exchange connectors",
            section(producers, "## Live exchange connectors"),
            List.of("live")));
    cases.add(
        Arguments.of(
            "docs/producers.md: CoinGecko price snapshots",
            section(producers, "## CoinGecko price snapshots"),
            List.of("poll-coingecko")));
    // Every publishing command takes the Kafka options, so each must have every one mentioned.
    for (String command : all) {
      cases.add(
          Arguments.of(
              "docs/producers.md: Kafka connection and security, " + command,
              section(producers, "## Kafka connection and security"),
              List.of(command)));
      cases.add(
          Arguments.of(
              "docs/deploy-gcp.md: 5. Producers, Kafka authentication, " + command,
              deployKafkaAuthentication(),
              List.of(command)));
    }
    cases.add(
        Arguments.of("docs/connectors.md", read("docs/connectors.md"), List.of("live", "replay")));
    cases.add(Arguments.of("docs/event-time.md", read("docs/event-time.md"), List.of("replay")));
    cases.add(
        Arguments.of("Terraform live worker pools", block(terraform, "live = {"), List.of("live")));
    cases.add(
        Arguments.of(
            "Terraform poller worker pool",
            block(terraform, "poller = "),
            List.of("poll-coingecko")));
    cases.add(
        Arguments.of("bench scripts running simulate", benchSimulateLines(), List.of("simulate")));
    cases.add(
        Arguments.of(
            "platform PipelineRuns.startReplay",
            pipelineRuns.substring(
                pipelineRuns.indexOf("static Process startReplay"),
                pipelineRuns.indexOf(
                    ".redirectErrorStream", pipelineRuns.indexOf("static Process startReplay"))),
            List.of("replay")));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mentions")
  void everyMentionedOptionExists(String where, String text, List<String> commands) {
    Set<String> mentioned = options(text);
    assertTrue(!mentioned.isEmpty(), () -> where + " mentions no option: the extraction is stale");
    Map<String, CommandLine> subcommands = CLI.getSubcommands();
    List<String> missing = new ArrayList<>();
    for (String option : mentioned) {
      boolean known =
          commands.stream()
              .anyMatch(c -> subcommands.get(c).getCommandSpec().findOption(option) != null);
      if (!known) {
        missing.add(option);
      }
    }
    assertEquals(
        List.of(),
        missing,
        where + " mentions options that " + commands + " lack; all: " + mentioned);
  }

  @Test
  void theExtractionFindsWhatTheDocsAreKnownToMention() throws IOException {
    // Guards the test above against an extraction that silently finds less.
    assertTrue(
        options(section(read("docs/producers.md"), "## Live exchange connectors"))
            .containsAll(
                List.of(
                    "--venue",
                    "--symbols",
                    "--bootstrap-servers",
                    "--status-every",
                    "--topic",
                    "--dlq-topic",
                    "--ws-url",
                    "--rest-url",
                    "--help",
                    "--max-trade-ahead",
                    "--max-trade-age",
                    "--time-unit",
                    "--backfill-horizon")));
    List<String> security =
        List.of(
            "--bootstrap-servers",
            "--kafka-security-protocol",
            "--kafka-sasl-mechanism",
            "--kafka-username-env",
            "--kafka-password-env",
            "--kafka-truststore-path",
            "--kafka-truststore-type",
            "--kafka-truststore-password-env",
            "--kafka-properties");
    assertTrue(
        options(section(read("docs/producers.md"), "## Kafka connection and security"))
            .containsAll(security));
    assertTrue(
        options(deployKafkaAuthentication()).containsAll(security.subList(1, security.size())));
    assertTrue(
        options(benchSimulateLines())
            .containsAll(
                List.of(
                    "--bootstrap-servers",
                    "--rate",
                    "--max-records",
                    "--duration",
                    "--trade-time-start",
                    "--trade-rate",
                    "--topic",
                    "--symbols",
                    "--late-fraction")));
  }
}
