package dev.cryptostream.producers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kafka security options, as every publishing command takes them. */
class KafkaConnectionTest {
  private static final String SECRET = "tru5t-St0re-pw";
  private static final List<String> SECURITY_OPTIONS =
      List.of(
          "--kafka-security-protocol=P",
          "--kafka-sasl-mechanism=M",
          "--kafka-username-env=NAME",
          "--kafka-password-env=NAME",
          "--kafka-truststore-path=FILE",
          "--kafka-truststore-type=T",
          "--kafka-truststore-password-env=NAME",
          "--kafka-properties=FILE");

  @TempDir Path dir;

  /** The command with the options it needs to get as far as Kafka, then {@code more}. */
  private List<String> command(String name, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of(name));
    switch (name) {
      case "replay" -> args.add(Files.writeString(dir.resolve("events.ndjson"), "").toString());
      case "live" -> args.addAll(List.of("--venue", "binance", "--symbols", "BTC-USDT"));
      default -> {}
    }
    args.addAll(List.of("--bootstrap-servers", "127.0.0.1:9"));
    args.addAll(List.of(more));
    return args;
  }

  private CliRun run(String name, String... more) throws Exception {
    return CliRun.run(command(name, more).toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"simulate", "replay", "live", "poll-coingecko"})
  void everyPublishingCommandListsTheSecurityOptions(String name) {
    String help = CliRun.run(name, "--help").assertSuccess();
    for (String option : SECURITY_OPTIONS) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"simulate", "replay", "live", "poll-coingecko"})
  void aBadSecuritySettingIsAUsageErrorBeforeAnythingConnects(String name) throws Exception {
    run(name, "--kafka-security-protocol", "TLS")
        .assertUsageError(
            "error: --kafka-security-protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT,"
                + " SASL_SSL, got 'TLS'");
    run(name, "--kafka-truststore-path", dir.resolve("absent.jks").toString())
        .assertUsageError(
            "error: --kafka-truststore-path needs --kafka-security-protocol SSL or SASL_SSL");
    run(name, "--kafka-properties", Files.writeString(dir.resolve("p"), "lingerms=1\n").toString())
        .assertUsageError("error: --kafka-properties ");
  }

  /**
   * The command over SSL with a trust store Kafka cannot read and its password in a properties
   * file: exit 1 with one error line that names the store, not the password.
   */
  private CliRun withAnUnreadableTrustStore(String name) throws Exception {
    Path store = Files.writeString(dir.resolve("trust.p12"), "not a trust store");
    Path properties =
        Files.writeString(dir.resolve("client.properties"), "ssl.truststore.password=" + SECRET);
    CliRun r =
        run(
            name,
            "--kafka-security-protocol",
            "SSL",
            "--kafka-truststore-path",
            store.toString(),
            "--kafka-truststore-type",
            "PKCS12",
            "--kafka-properties",
            properties.toString());
    assertEquals(1, r.exitCode, r::toString);
    assertEquals(1, r.err.lines().count(), r::toString);
    assertTrue(r.err.contains(store.toString()), "names the trust store: " + r);
    assertFalse((r.out + r.err).contains(SECRET), r::toString);
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"simulate", "replay", "live", "poll-coingecko"})
  void theBrokerCheckUsesTheSecuritySettings(String name) throws Exception {
    CliRun r = withAnUnreadableTrustStore(name);
    assertTrue(r.err.startsWith("error: Kafka at 127.0.0.1:9 is not ready: "), r::toString);
  }

  /** Nothing listens on the port: every command says so within its --broker-timeout, exit 1. */
  @ParameterizedTest
  @ValueSource(strings = {"simulate", "replay", "live", "poll-coingecko"})
  void everyCommandChecksTheBrokerBeforePublishing(String name) throws Exception {
    CliRun r = run(name, "--broker-timeout", "2s");
    assertEquals(1, r.exitCode, r::toString);
    assertTrue(r.err.startsWith("error: Kafka at 127.0.0.1:9 is not ready: "), r::toString);
    assertFalse(r.out.contains(" done: "), "published nothing: " + r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"simulate", "replay", "live", "poll-coingecko"})
  void aBrokerTimeoutThatIsNotPositiveIsAUsageError(String name) throws Exception {
    run(name, "--broker-timeout", "0s")
        .assertUsageError("error: --broker-timeout must be positive");
  }
}
