package dev.cryptostream.pipeline.kafka;

import dev.cryptostream.pipeline.options.KafkaSecurityOptions;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Kafka client security settings. The non-secret part (protocol, mechanism, trust store path) is
 * plain configuration; the secret part (the JAAS line with the password, the trust store password)
 * is built from environment variables at the moment a client is created, on whichever machine
 * creates it, and is never stored in the serialized pipeline.
 */
public record KafkaSecurity(
    String protocol,
    String mechanism,
    CredentialRef username,
    CredentialRef password,
    String truststorePath,
    String truststorePasswordEnv,
    CredentialRef.SecretReader secrets)
    implements Serializable {

  private static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  /**
   * OAUTHBEARER means Google Cloud Managed Service for Apache Kafka with application default
   * credentials.
   */
  public static final String OAUTHBEARER = "OAUTHBEARER";

  /** Google's login handler: exchanges the worker's application default credentials for tokens. */
  static final String GCP_LOGIN_HANDLER =
      "com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler";

  private static final Map<String, String> LOGIN_MODULES =
      Map.of(
          "PLAIN",
          "org.apache.kafka.common.security.plain.PlainLoginModule",
          "SCRAM-SHA-512",
          "org.apache.kafka.common.security.scram.ScramLoginModule",
          OAUTHBEARER,
          "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");

  /** Credentials from environment variables, secrets from Google Secret Manager. */
  public KafkaSecurity(
      String protocol,
      String mechanism,
      String usernameEnv,
      String passwordEnv,
      String truststorePath,
      String truststorePasswordEnv) {
    this(
        protocol,
        mechanism,
        CredentialRef.env(usernameEnv),
        CredentialRef.env(passwordEnv),
        truststorePath,
        truststorePasswordEnv,
        new GcpSecretReader());
  }

  public KafkaSecurity {
    protocol = protocol.toUpperCase(Locale.ROOT);
    mechanism = mechanism.toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException(
          "--kafkaSecurityProtocol must be one of " + PROTOCOLS + ", got " + protocol);
    }
    if (usesSasl(protocol) && !LOGIN_MODULES.containsKey(mechanism)) {
      throw new IllegalArgumentException(
          "--kafkaSaslMechanism must be one of " + LOGIN_MODULES.keySet() + ", got " + mechanism);
    }
    if (usesSasl(protocol) && mechanism.equals(OAUTHBEARER) && !protocol.equals("SASL_SSL")) {
      // Bearer tokens are credentials: never over an unencrypted connection.
      throw new IllegalArgumentException(
          "--kafkaSaslMechanism=OAUTHBEARER needs --kafkaSecurityProtocol=SASL_SSL");
    }
  }

  public static KafkaSecurity fromOptions(KafkaSecurityOptions o) {
    return new KafkaSecurity(
        o.getKafkaSecurityProtocol(),
        o.getKafkaSaslMechanism(),
        new CredentialRef(o.getKafkaUsernameSecret(), o.getKafkaUsernameEnv()),
        new CredentialRef(o.getKafkaPasswordSecret(), o.getKafkaPasswordEnv()),
        o.getKafkaTruststorePath(),
        o.getKafkaTruststorePasswordEnv(),
        new GcpSecretReader());
  }

  public static KafkaSecurity plaintext() {
    return new KafkaSecurity(
        "PLAINTEXT", "PLAIN", "KAFKA_USERNAME", "KAFKA_PASSWORD", "", "KAFKA_TRUSTSTORE_PASSWORD");
  }

  private static boolean usesSasl(String protocol) {
    return protocol.startsWith("SASL_");
  }

  /** Settings without secrets: safe to serialize, display and log. */
  public Map<String, Object> publicConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (usesSasl(protocol)) {
      c.put(SaslConfigs.SASL_MECHANISM, mechanism);
    }
    if (usesSasl(protocol) && mechanism.equals(OAUTHBEARER)) {
      // No secret at all: tokens come from the worker's service account, refreshed by the handler.
      c.put(SaslConfigs.SASL_JAAS_CONFIG, LOGIN_MODULES.get(OAUTHBEARER) + " required;");
      c.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, GCP_LOGIN_HANDLER);
    }
    if (protocol.contains("SSL") && !truststorePath.isBlank()) {
      c.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststorePath);
    }
    return c;
  }

  /**
   * The secret settings, read from the environment now. Fails with a message naming the missing
   * variable (never its value).
   */
  public Map<String, Object> secretConfig(Function<String, String> env) {
    Map<String, Object> c = new HashMap<>();
    if (usesSasl(protocol) && !mechanism.equals(OAUTHBEARER)) {
      String user = username.resolve(env, secrets, "Kafka user name");
      String password = this.password.resolve(env, secrets, "Kafka password");
      c.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          LOGIN_MODULES.get(mechanism)
              + " required username=\""
              + escape(user)
              + "\" password=\""
              + escape(password)
              + "\";");
    }
    if (protocol.contains("SSL") && !truststorePath.isBlank()) {
      String pw = env.apply(truststorePasswordEnv);
      if (pw != null && !pw.isEmpty()) {
        c.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, pw);
      }
    }
    return c;
  }

  /** Public and secret settings together, for a client created here and now. */
  public Map<String, Object> clientConfig(Map<String, Object> base) {
    Map<String, Object> c = new HashMap<>(base);
    c.putAll(publicConfig());
    c.putAll(secretConfig(System::getenv));
    return c;
  }

  /** A consumer factory for KafkaIO that adds the secrets on the worker, at creation time. */
  public SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory() {
    KafkaSecurity self = this;
    return config -> new KafkaConsumer<>(self.clientConfig(config));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
