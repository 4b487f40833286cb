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
    KafkaSecurity s = new KafkaSecurity("sasl_ssl", "scram-sha-512", "U", "P", "/etc/trust.p12", "TP");
    assertEquals(
        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/trust.p12"),
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.secretConfig(ENV::get));
    assertTrue(e.getMessage().contains("MISSING"), e.getMessage());
    assertFalse(e.getMessage().contains("alice"));
  }

  @Test
  void rejectsUnknownProtocolsAndMechanisms() {
    assertThrows(IllegalArgumentException.class, () -> new KafkaSecurity("TLS", "PLAIN", "U", "P", "", "T"));
    assertThrows(IllegalArgumentException.class, () -> new KafkaSecurity("SASL_SSL", "GSSAPI", "U", "P", "", "T"));
  }
}
