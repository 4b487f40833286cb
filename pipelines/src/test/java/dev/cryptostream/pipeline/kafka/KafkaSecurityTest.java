package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {
  private static final Map<String, String> ENV = Map.of("U", "alice", "P", "pa\"ss\\word");

  @Test
  void plaintextNeedsNoSecrets() {
    KafkaSecurity s = KafkaSecurity.plaintext();
    assertEquals(Map.of("security.protocol", "PLAINTEXT"), s.publicConfig());
    assertTrue(s.secretConfig(name -> null).isEmpty());
  }

  @Test
  void saslCredentialsComeFromTheEnvironmentAndStayOutOfThePublicPart() throws Exception {
    KafkaSecurity s =
        new KafkaSecurity("sasl_ssl", "scram-sha-512", "U", "P", "/etc/trust.p12", "TP");
    assertEquals(
        Map.of(
            "security.protocol",
            "SASL_SSL",
            "sasl.mechanism",
            "SCRAM-SHA-512",
            "ssl.truststore.location",
            "/etc/trust.p12"),
        s.publicConfig());
    Map<String, Object> secret = s.secretConfig(ENV::get);
    assertEquals(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"pa\\\"ss\\\\word\";",
        secret.get("sasl.jaas.config"));
    // What gets serialized into the pipeline holds variable names, never values.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
      out.writeObject(s.consumerFactory());
    }
    assertFalse(bytes.toString(StandardCharsets.ISO_8859_1).contains("alice"));
  }

  @Test
  void missingCredentialsNameTheVariableNotAValue() {
    KafkaSecurity s = new KafkaSecurity("SASL_PLAINTEXT", "PLAIN", "U", "MISSING", "", "TP");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.secretConfig(ENV::get));
    assertTrue(e.getMessage().contains("MISSING"), e.getMessage());
    assertFalse(e.getMessage().contains("alice"));
  }

  @Test
  void rejectsUnknownProtocolsAndMechanisms() {
    assertThrows(
        IllegalArgumentException.class, () -> new KafkaSecurity("TLS", "PLAIN", "U", "P", "", "T"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new KafkaSecurity("SASL_SSL", "GSSAPI", "U", "P", "", "T"));
  }

  @Test
  void oauthBearerUsesGooglesLoginHandlerAndNeedsNoSecret() throws Exception {
    assertThrows(
        IllegalArgumentException.class,
        () -> new KafkaSecurity("SASL_PLAINTEXT", "OAUTHBEARER", "U", "P", "", "TP"),
        "tokens never travel unencrypted");
    KafkaSecurity s = new KafkaSecurity("SASL_SSL", "oauthbearer", "U", "P", "", "TP");
    Map<String, Object> config = s.publicConfig();
    assertEquals("OAUTHBEARER", config.get("sasl.mechanism"));
    assertEquals(
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        config.get("sasl.jaas.config"));
    assertEquals(KafkaSecurity.GCP_LOGIN_HANDLER, config.get("sasl.login.callback.handler.class"));
    // The handler ships in the pipeline jar (Google's managed-kafka-auth-login-handler).
    assertTrue(
        org.apache.kafka.common.security.auth.AuthenticateCallbackHandler.class.isAssignableFrom(
            Class.forName(KafkaSecurity.GCP_LOGIN_HANDLER)));
    assertTrue(s.secretConfig(name -> null).isEmpty(), "no environment variable is needed");
  }

  @Test
  void secretManagerVersionsTakePrecedenceAndAreReadWhenAClientIsCreated() throws Exception {
    Map<String, String> store =
        Map.of(
            "projects/p1/secrets/kafka-user/versions/latest",
            "svc-trades",
            "projects/p1/secrets/kafka-password/versions/3",
            "s3cr3t");
    java.util.List<String> reads = new java.util.ArrayList<>();
    CredentialRef.SecretReader reader =
        version -> {
          reads.add(version);
          return store.get(version);
        };
    KafkaSecurity s =
        new KafkaSecurity(
            "SASL_SSL",
            "SCRAM-SHA-512",
            new CredentialRef("projects/p1/secrets/kafka-user/versions/latest", "U"),
            new CredentialRef("projects/p1/secrets/kafka-password/versions/3", "P"),
            "",
            "TP",
            reader);
    assertTrue(reads.isEmpty(), "nothing is read while the graph is built");
    String jaas = (String) s.secretConfig(ENV::get).get("sasl.jaas.config");
    assertTrue(
        jaas.contains("username=\"svc-trades\" password=\"s3cr3t\""), "secrets win over env");
    assertEquals(2, reads.size());
  }

  @Test
  void secretManagerFailuresNameTheSecretNotAValue() {
    KafkaSecurity s =
        new KafkaSecurity(
            "SASL_SSL",
            "PLAIN",
            CredentialRef.env("U"),
            new CredentialRef("projects/p1/secrets/kafka-password/versions/latest", "P"),
            "",
            "TP",
            version -> {
              throw new IllegalStateException("PERMISSION_DENIED on " + version);
            });
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.secretConfig(ENV::get));
    assertTrue(
        e.getMessage().contains("projects/p1/secrets/kafka-password/versions/latest"),
        e.getMessage());
    assertFalse(
        e.getMessage().contains("PERMISSION_DENIED on"), "the cause's own text is not repeated");
    assertThrows(
        IllegalArgumentException.class,
        () -> new CredentialRef("my-password", "P"),
        "a plain value where a secret reference belongs is refused");
  }
}
