package dev.cryptostream.producers.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.cli.KafkaSecurityOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaSecurityConfigTest {
  private static final String SECRET = "s3cr3t-\"quoted\\pw";
  private static final String PLAIN_MODULE =
      "org.apache.kafka.common.security.plain.PlainLoginModule";

  @TempDir Path dir;

  /** The command line's security options, parsed from {@code flags} (unknown ones refused). */
  private static KafkaSecurityConfig build(Map<String, String> env, String... flags) {
    return CommandLine.populateCommand(new KafkaSecurityOptions(), flags).config(env::get);
  }

  /** The properties with each secret unwrapped, for exact comparison. */
  private static Map<String, String> plain(KafkaSecurityConfig c) {
    Map<String, String> out = new HashMap<>();
    c.properties()
        .forEach(
            (k, v) -> out.put(k, v instanceof Password p ? "secret:" + p.value() : (String) v));
    return out;
  }

  private Path file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private static String error(Map<String, String> env, String... flags) {
    return assertThrows(IllegalArgumentException.class, () -> build(env, flags)).getMessage();
  }

  @Test
  void plaintextByDefault() {
    assertEquals(Map.of("security.protocol", "PLAINTEXT"), plain(build(Map.of())));
    assertEquals(plain(build(Map.of())), plain(KafkaSecurityConfig.plaintext()));
  }

  @Test
  void saslPlainTakesTheCredentialsFromTheNamedVariables() {
    KafkaSecurityConfig c =
        build(
            Map.of("SVC_USER", "alice", "SVC_PW", SECRET),
            "--kafka-security-protocol",
            "sasl_plaintext",
            "--kafka-sasl-mechanism",
            "plain",
            "--kafka-username-env",
            "SVC_USER",
            "--kafka-password-env",
            "SVC_PW");
    assertEquals(
        Map.of(
            "security.protocol",
            "SASL_PLAINTEXT",
            "sasl.mechanism",
            "PLAIN",
            "sasl.jaas.config",
            "secret:"
                + PLAIN_MODULE
                + " required username=\"alice\" password=\"s3cr3t-\\\"quoted\\\\pw\";"),
        plain(c));
  }

  @Test
  void managedKafkaIsSaslSslWithGooglesLoginHandlerAndNoSecret() throws Exception {
    KafkaSecurityConfig c =
        build(
            Map.of(),
            "--kafka-security-protocol",
            "SASL_SSL",
            "--kafka-sasl-mechanism",
            "OAUTHBEARER");
    assertEquals(
        Map.of(
            "security.protocol",
            "SASL_SSL",
            "sasl.mechanism",
            "OAUTHBEARER",
            "sasl.jaas.config",
            "secret:org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
            "sasl.login.callback.handler.class",
            "com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler"),
        plain(c));
    // The handler is on the producers' classpath (and so in their bundled jar).
    assertTrue(
        AuthenticateCallbackHandler.class.isAssignableFrom(
            Class.forName(KafkaSecurityConfig.GCP_LOGIN_HANDLER)));
  }

  @Test
  void environmentVariablesSelectTheModeAndFlagsWinOverThem() {
    Map<String, String> env =
        Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "oauthbearer");
    assertEquals("OAUTHBEARER", plain(build(env)).get("sasl.mechanism"));
    Map<String, String> flagged =
        plain(
            build(
                Map.of(
                    "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                    "KAFKA_USERNAME", "bob",
                    "KAFKA_PASSWORD", "pw"),
                "--kafka-sasl-mechanism",
                "SCRAM-SHA-512"));
    assertEquals("SCRAM-SHA-512", flagged.get("sasl.mechanism"));
    assertEquals(
        "secret:org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"bob\" password=\"pw\";",
        flagged.get("sasl.jaas.config"));
  }

  @Test
  void sslWithATrustStore() throws Exception {
    Path store = file("trust.p12", "not parsed here");
    KafkaSecurityConfig c =
        build(
            Map.of("KAFKA_TRUSTSTORE_PASSWORD", SECRET),
            "--kafka-security-protocol",
            "SSL",
            "--kafka-truststore-path",
            store.toString(),
            "--kafka-truststore-type",
            "PKCS12");
    assertEquals(
        Map.of(
            "security.protocol",
            "SSL",
            "ssl.truststore.location",
            store.toString(),
            "ssl.truststore.type",
            "PKCS12",
            "ssl.truststore.password",
            "secret:" + SECRET),
        plain(c));
    // Without a password variable the store is opened without one (a certificate-only store).
    assertEquals(
        Map.of("security.protocol", "SSL", "ssl.truststore.location", store.toString()),
        plain(
            build(
                Map.of(),
                "--kafka-security-protocol",
                "SSL",
                "--kafka-truststore-path",
                "" + store)));
  }

  @Test
  void badSettingsAreRefusedNamingTheFlagOrVariable() {
    assertTrue(
        error(Map.of(), "--kafka-security-protocol", "TLS")
            .contains("--kafka-security-protocol must be one of"));
    assertTrue(
        error(Map.of(), "--kafka-security-protocol", "SASL_SSL", "--kafka-sasl-mechanism", "GSSAPI")
            .contains("--kafka-sasl-mechanism must be one of"));
    assertTrue(
        error(
                Map.of(),
                "--kafka-security-protocol",
                "SASL_PLAINTEXT",
                "--kafka-sasl-mechanism",
                "OAUTHBEARER")
            .contains("OAUTHBEARER needs --kafka-security-protocol SASL_SSL"),
        "a bearer token never travels unencrypted");
    String missing =
        error(Map.of("KAFKA_USERNAME", "alice"), "--kafka-security-protocol", "SASL_SSL");
    assertTrue(missing.contains("environment variable KAFKA_PASSWORD"), missing);
    assertTrue(
        error(Map.of(), "--kafka-truststore-path", dir.resolve("trust.jks").toString())
            .contains("needs --kafka-security-protocol SSL or SASL_SSL"));
    assertTrue(
        error(
                Map.of(),
                "--kafka-security-protocol",
                "SSL",
                "--kafka-truststore-path",
                dir.resolve("absent.jks").toString())
            .contains("no such readable file"));
  }

  @Test
  void aPropertiesFileAddsSettingsAndMayHoldTheCredentials() throws Exception {
    Path f =
        file(
            "client.properties",
            "# Cloud Run can mount a secret as this file\n"
                + "linger.ms = 50\n"
                + "security.protocol=SASL_SSL\n"
                + "sasl.jaas.config="
                + PLAIN_MODULE
                + " required username=\"svc\" password=\""
                + SECRET.replace("\\", "\\\\")
                + "\";\n");
    KafkaSecurityConfig c =
        build(
            Map.of("KAFKA_PROPERTIES_FILE", f.toString()), "--kafka-security-protocol", "SASL_SSL");
    Map<String, String> p = plain(c);
    assertEquals("50", p.get("linger.ms"));
    assertEquals("PLAIN", p.get("sasl.mechanism"));
    assertEquals(
        "secret:" + PLAIN_MODULE + " required username=\"svc\" password=\"" + SECRET + "\";",
        p.get("sasl.jaas.config"),
        "the file's credentials: no KAFKA_USERNAME/KAFKA_PASSWORD needed");
    Properties producer = KafkaRecordPublisher.defaultConfig("b:9092", c);
    assertEquals("50", producer.get("linger.ms"), "the file overrides the producer defaults");
    assertEquals("all", producer.get("acks"));
    assertEquals("b:9092", producer.get("bootstrap.servers"));
  }

  @Test
  void propertiesFileErrorsNameTheFileAndKey() throws Exception {
    String absent = dir.resolve("absent.properties").toString();
    assertTrue(error(Map.of(), "--kafka-properties", absent).contains("no such readable file"));
    assertTrue(
        error(Map.of(), "--kafka-properties", file("typo", "lingerms=5\n").toString())
            .contains("'lingerms', which is not a Kafka producer setting"));
    assertTrue(
        error(Map.of(), "--kafka-properties", file("own", "bootstrap.servers=x:1\n").toString())
            .contains("--bootstrap-servers"));
    assertTrue(
        error(Map.of(), "--kafka-properties", file("value", "linger.ms=soon\n").toString())
            .contains("linger.ms"));
    assertTrue(
        error(Map.of(), "--kafka-properties", file("escape", "client.id=\\u12\n").toString())
            .contains("not a properties file"));
    Path latin1 = dir.resolve("latin1");
    Files.write(latin1, new byte[] {'c', 'l', 'i', 'e', 'n', 't', '.', 'i', 'd', '=', (byte) 0xE9});
    assertTrue(error(Map.of(), "--kafka-properties", latin1.toString()).contains("not UTF-8"));
    String contradiction =
        error(
            Map.of(),
            "--kafka-properties",
            file("contra", "security.protocol=SASL_SSL\n").toString());
    assertTrue(
        contradiction.contains("security.protocol=SASL_SSL, which contradicts PLAINTEXT"),
        contradiction);
  }

  @Test
  void noPrintoutOrErrorShowsASecret() throws Exception {
    Map<String, String> env =
        Map.of("KAFKA_USERNAME", "alice", "KAFKA_PASSWORD", SECRET, "TS_PW", SECRET);
    Path store = file("trust.jks", "x");
    KafkaSecurityConfig c =
        build(
            env,
            "--kafka-security-protocol",
            "SASL_SSL",
            "--kafka-truststore-path",
            store.toString(),
            "--kafka-truststore-password-env",
            "TS_PW");
    for (String printed :
        new String[] {
          c.toString(),
          KafkaRecordPublisher.defaultConfig("b:9092", c).toString(),
          c.adminProperties().toString()
        }) {
      assertFalse(printed.contains(SECRET), printed);
      assertFalse(printed.contains("s3cr3t"), printed);
      assertTrue(printed.contains("sasl.jaas.config=[hidden]"), printed);
      assertTrue(printed.contains("ssl.truststore.password=[hidden]"), printed);
      assertTrue(printed.contains("security.protocol=SASL_SSL"), printed);
    }
    // A file holding a secret and something wrong: the error names the key, not the secret.
    Path f =
        file(
            "bad.properties",
            "ssl.truststore.password=" + SECRET.replace("\\", "\\\\") + "\nlinger.ms=x\n");
    String message = error(env, "--kafka-properties", f.toString());
    assertFalse(message.contains("s3cr3t"), message);
  }

  @Test
  void theAdminClientGetsTheSecuritySettingsButNotTheProducerOnes() throws Exception {
    Path f = file("p", "linger.ms=5\n");
    Properties admin =
        build(
                Map.of(),
                "--kafka-security-protocol",
                "SASL_SSL",
                "--kafka-sasl-mechanism",
                "OAUTHBEARER",
                "--kafka-properties",
                f.toString())
            .adminProperties();
    assertEquals("SASL_SSL", admin.get("security.protocol"));
    assertEquals(
        KafkaSecurityConfig.GCP_LOGIN_HANDLER, admin.get("sasl.login.callback.handler.class"));
    assertFalse(admin.containsKey("linger.ms"));
  }
}
