package dev.cryptostream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template's build and launch scripts work as written, checked offline: the launch command's
 * parameter list is one argument naming only template parameters that are pipeline options, and,
 * where gcloud is installed, gcloud itself parses the exact command and sends its launch request to
 * a local stand-in for the Dataflow API (so "unrecognized arguments" or a mangled parameter fails
 * here), and renders the template spec with {@code --print-only}.
 */
class FlexTemplateLaunchTest {
  private static final Path LAUNCH = FlexTemplateMetadataTest.TEMPLATE_DIR.resolve("launch.sh");
  private static final Path BUILD = FlexTemplateMetadataTest.TEMPLATE_DIR.resolve("build.sh");
  private static final String SUBNET =
      "https://www.googleapis.com/compute/v1/projects/p/regions/europe-west1/subnetworks/crypto-stream";
  private static final String BOOTSTRAP =
      "bootstrap.crypto.europe-west1.managedkafka.p.cloud.goog:9092";
  private static final List<String> REQUIRED_ARGS =
      List.of(
          "--project",
          "p",
          "--region",
          "europe-west1",
          "--template",
          "gs://p-templates/templates/crypto-trade-pipeline-0.1.0-gabc.json",
          "--network",
          "crypto-stream",
          "--subnetwork",
          SUBNET,
          "--service-account",
          "dataflow-worker@p.iam.gserviceaccount.com",
          "--staging-location",
          "gs://p-staging/staging",
          "--temp-location",
          "gs://p-temp/tmp",
          "--bootstrap-servers",
          BOOTSTRAP,
          "--dataset",
          "crypto_raw");

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static Run launch(Map<String, String> env, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCH.toString()));
    cmd.addAll(REQUIRED_ARGS);
    cmd.addAll(Arrays.asList(extra));
    return run(env, cmd);
  }

  /** gcloud's "^~^k=v~k=v" list syntax, as the launch script writes it, back into a map. */
  private static Map<String, String> parseParameters(String arg) {
    assertTrue(arg.startsWith("^~^"), "the parameter list must use the ^~^ delimiter: " + arg);
    assertFalse(
        arg.contains("\n") || arg.contains(" \\"), "line break inside --parameters: " + arg);
    Map<String, String> params = new LinkedHashMap<>();
    for (String kv : arg.substring(3).split("~")) {
      int eq = kv.indexOf('=');
      assertTrue(eq > 0, "not KEY=VALUE: " + kv);
      assertEquals(null, params.put(kv.substring(0, eq), kv.substring(eq + 1)), "repeated " + kv);
    }
    return params;
  }

  private static Map<String, String> expectedParameters() {
    Map<String, String> m = new HashMap<>();
    m.put("sink", "bigquery");
    m.put("kafkaSecurityProtocol", "SASL_SSL");
    m.put("kafkaSaslMechanism", "OAUTHBEARER");
    m.put("bigQueryCreateTables", "false");
    m.put("inputTopics", "crypto.trades.v1");
    m.put("priceTopics", "prices.coingecko.v1");
    m.put("bootstrapServers", BOOTSTRAP);
    m.put("bigQueryDataset", "crypto_raw");
    m.put("knownExchanges", "binance,coinbase,kraken,okx");
    m.put("minPrice", "0.00000001");
    return m;
  }

  @Test
  void dryRunPassesOneParameterListOfTemplateParametersThatArePipelineOptions() throws Exception {
    Run r =
        launch(
            Map.of(),
            "--param",
            "knownExchanges=binance,coinbase,kraken,okx",
            "--param",
            "minPrice=0.00000001",
            "--dry-run");
    assertEquals(0, r.exitCode(), r.stderr());
    List<String> argv = r.stdout().lines().toList();
    assertEquals(
        List.of("gcloud", "dataflow", "flex-template", "run", "crypto-trade-pipeline"),
        argv.subList(0, 5));
    assertEquals(1, argv.stream().filter("--parameters"::equals).count());
    Map<String, String> params = parseParameters(argv.get(argv.indexOf("--parameters") + 1));
    assertEquals(expectedParameters(), params);
    assertTrue(
        FlexTemplateMetadataTest.parameterNames().containsAll(params.keySet()),
        params.keySet().toString());
    assertTrue(
        FlexTemplateMetadataTest.pipelineOptionNames().containsAll(params.keySet()),
        params.keySet().toString());
    for (String flag :
        List.of(
            "--network",
            "--subnetwork",
            "--service-account-email",
            "--staging-location",
            "--temp-location",
            "--disable-public-ips",
            "--enable-streaming-engine")) {
      assertTrue(argv.contains(flag), "missing " + flag);
    }
    assertFalse(argv.contains("--update"));
  }

  @Test
  void laterParamOverridesADefaultInsteadOfRepeatingIt() throws Exception {
    Run r =
        launch(
            Map.of(), "--param", "kafkaPreflight=false", "--param", "inputTopics=a,b", "--dry-run");
    assertEquals(0, r.exitCode(), r.stderr());
    List<String> argv = r.stdout().lines().toList();
    Map<String, String> params = parseParameters(argv.get(argv.indexOf("--parameters") + 1));
    assertEquals("a,b", params.get("inputTopics"));
    assertEquals("false", params.get("kafkaPreflight"));
  }

  @Test
  void badInvocationsExitTwoWithTheReasonAndRunNothing() throws Exception {
    Map<List<String>, String> cases =
        Map.of(
            List.of("--param", "lakePath=gs://x"), "lakePath is not a parameter",
            List.of("--param", "symbolPattern=a~b"), "may not contain '~'",
            List.of("--param", "noequals"), "needs KEY=VALUE",
            List.of("--transform-name-mapping", "a=b"), "only applies with --update",
            List.of("--job-name", "Bad_Name"), "invalid job name",
            List.of("--max-workers", "0"), "--max-workers",
            List.of("--bogus"), "unknown argument");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> extra = new ArrayList<>(c.getKey());
      extra.add("--dry-run");
      Run r = launch(Map.of(), extra.toArray(String[]::new));
      assertEquals(2, r.exitCode(), c.getKey() + ": " + r.stdout());
      assertTrue(r.stderr().contains(c.getValue()), c.getKey() + " -> " + r.stderr());
      assertEquals("", r.stdout(), "printed a command for " + c.getKey());
    }
    Run missing = run(Map.of(), List.of("bash", LAUNCH.toString(), "--project", "p", "--dry-run"));
    assertEquals(2, missing.exitCode());
    assertTrue(missing.stderr().contains("is required"), missing.stderr());
  }

  private static boolean gcloudInstalled() throws Exception {
    return run(Map.of(), List.of("bash", "-c", "command -v gcloud")).exitCode() == 0;
  }

  /** gcloud pointed at a local stand-in for the Dataflow API, with a dummy token and no config. */
  private static Map<String, String> offlineGcloud(Path dir, int port) throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "offline-test-token");
    return Map.of(
        "CLOUDSDK_CONFIG",
        dir.resolve("gcloud-config").toString(),
        "CLOUDSDK_API_ENDPOINT_OVERRIDES_DATAFLOW",
        "http://127.0.0.1:" + port + "/",
        "CLOUDSDK_AUTH_ACCESS_TOKEN_FILE",
        token.toString(),
        "CLOUDSDK_CORE_DISABLE_PROMPTS",
        "1",
        "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING",
        "true");
  }

  @Test
  void gcloudAcceptsTheLaunchAndUpdateCommandsAsWritten(@TempDir Path dir) throws Exception {
    assumeTrue(
        gcloudInstalled(),
        "SKIPPED: gcloud is not installed; the launch command was checked with --dry-run only");
    AtomicReference<String> path = new AtomicReference<>();
    AtomicReference<JsonNode> body = new AtomicReference<>();
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        ex -> {
          path.set(ex.getRequestURI().getPath());
          body.set(new ObjectMapper().readTree(ex.getRequestBody()));
          byte[] reply =
              "{\"job\":{\"id\":\"2026-01-01_00_00_00-1\",\"name\":\"crypto-trade-pipeline\",\"projectId\":\"p\"}}"
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, reply.length);
          ex.getResponseBody().write(reply);
          ex.close();
        });
    api.start();
    try {
      Map<String, String> env = offlineGcloud(dir, api.getAddress().getPort());
      Run r =
          launch(
              env,
              "--param",
              "knownExchanges=binance,coinbase,kraken,okx",
              "--param",
              "minPrice=0.00000001");
      assertEquals(0, r.exitCode(), r.stderr());
      assertEquals("/v1b3/projects/p/locations/europe-west1/flexTemplates:launch", path.get());
      JsonNode launch = body.get().path("launchParameter");
      assertEquals("crypto-trade-pipeline", launch.path("jobName").asText());
      Map<String, String> sent = new HashMap<>();
      launch
          .path("parameters")
          .fields()
          .forEachRemaining(e -> sent.put(e.getKey(), e.getValue().asText()));
      assertEquals(expectedParameters(), sent);
      JsonNode environment = launch.path("environment");
      assertEquals(SUBNET, environment.path("subnetwork").asText());
      assertEquals("crypto-stream", environment.path("network").asText());
      assertEquals(
          "dataflow-worker@p.iam.gserviceaccount.com",
          environment.path("serviceAccountEmail").asText());
      assertEquals("gs://p-staging/staging", environment.path("stagingLocation").asText());
      assertEquals("gs://p-temp/tmp", environment.path("tempLocation").asText());
      assertEquals("WORKER_IP_PRIVATE", environment.path("ipConfiguration").asText());
      assertTrue(environment.path("enableStreamingEngine").asBoolean());
      assertFalse(launch.path("update").asBoolean(false));

      Run update =
          launch(env, "--update", "--transform-name-mapping", "BuildCandles=BuildCandles1m");
      assertEquals(0, update.exitCode(), update.stderr());
      JsonNode updated = body.get().path("launchParameter");
      assertTrue(updated.path("update").asBoolean(), updated.toString());
      assertEquals(
          "BuildCandles1m", updated.path("transformNameMappings").path("BuildCandles").asText());
    } finally {
      api.stop(0);
    }
  }

  @Test
  void gcloudRendersTheTemplateSpecWithTheMetadataAndAnImmutableImage(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        gcloudInstalled(), "SKIPPED: gcloud is not installed; the template spec was not rendered");
    Run r =
        run(
            offlineGcloud(dir, 9),
            List.of(
                "bash",
                BUILD.toString(),
                "--print-only",
                "--tag",
                "0.1.0-g0123456789ab",
                "--project",
                "p",
                "--region",
                "europe-west1",
                "--repository",
                "crypto-stream",
                "--bucket",
                "p-templates"));
    assertEquals(0, r.exitCode(), r.stderr());
    // --print-only prints the spec as a YAML block scalar ("|-") holding the JSON.
    String json = r.stdout().substring(r.stdout().indexOf('{'));
    JsonNode spec = new ObjectMapper().readTree(json);
    assertEquals(
        "europe-west1-docker.pkg.dev/p/crypto-stream/crypto-trade-pipeline:0.1.0-g0123456789ab",
        spec.path("image").asText());
    assertEquals("JAVA", spec.path("sdkInfo").path("language").asText());
    TreeSet<String> names = new TreeSet<>();
    spec.path("metadata").path("parameters").forEach(p -> names.add(p.path("name").asText()));
    assertEquals(new TreeSet<>(FlexTemplateMetadataTest.parameterNames()), names);
  }

  @Test
  void imageTagComesFromACleanCommitAndNeverFromASnapshot(@TempDir Path repo) throws Exception {
    Files.writeString(
        repo.resolve("pom.xml"), "<project><version>1.4.0-SNAPSHOT</version></project>\n");
    List<String> git =
        List.of(
            "git", "-C", repo.toString(), "-c", "user.name=t", "-c", "user.email=t@example.com");
    assertEquals(0, run(Map.of(), concat(git, "init", "-q")).exitCode());
    assertEquals(0, run(Map.of(), concat(git, "add", "pom.xml")).exitCode());
    assertEquals(0, run(Map.of(), concat(git, "commit", "-qm", "v")).exitCode());
    String sha = run(Map.of(), concat(git, "rev-parse", "--short=12", "HEAD")).stdout().strip();
    Map<String, String> env = Map.of("REPO_ROOT", repo.toString());

    Run clean = run(env, List.of("bash", BUILD.toString(), "--print-tag"));
    assertEquals(0, clean.exitCode(), clean.stderr());
    assertEquals("1.4.0-g" + sha, clean.stdout().strip());

    Files.writeString(
        repo.resolve("pom.xml"), "<project><version>1.4.1-SNAPSHOT</version></project>\n");
    Run dirty = run(env, List.of("bash", BUILD.toString(), "--print-tag"));
    assertEquals(2, dirty.exitCode());
    assertTrue(dirty.stderr().contains("uncommitted changes"), dirty.stderr());

    Run snapshot =
        run(env, List.of("bash", BUILD.toString(), "--print-tag", "--tag", "1.4.1-SNAPSHOT"));
    assertEquals(2, snapshot.exitCode());
    assertTrue(snapshot.stderr().contains("mutable"), snapshot.stderr());
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(Arrays.asList(tail));
    return all;
  }
}
