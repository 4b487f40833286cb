package dev.cryptostream.producers.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * How the producers authenticate to Kafka: the Kafka client settings built from a few named
 * settings (the same ones, with the same meaning, as the pipeline's {@code --kafkaSecurity*}
 * options; on the command line {@code cli.KafkaSecurityOptions}), an optional properties file, and
 * environment variables that hold the secrets. Secrets are never settings themselves, only the
 * names of the variables holding them; they are read once, when this is built, and kept as Kafka
 * {@link Password}s, which print as {@code [hidden]} here, in Kafka's own config log and in any
 * printout of the properties.
 *
 * <p>SASL_SSL with OAUTHBEARER is Google Cloud Managed Service for Apache Kafka: Google's login
 * handler turns the application default credentials (on Cloud Run, the service account of the
 * worker pool) into tokens, so there is no secret at all.
 */
public final class KafkaSecurityConfig {
  public static final String OAUTHBEARER = "OAUTHBEARER";

  /** The environment variables that hold the secrets unless other names are given. */
  public static final String DEFAULT_USERNAME_ENV = "KAFKA_USERNAME";

  public static final String DEFAULT_PASSWORD_ENV = "KAFKA_PASSWORD";
  public static final String DEFAULT_TRUSTSTORE_PASSWORD_ENV = "KAFKA_TRUSTSTORE_PASSWORD";

  /** Google's login handler (managed-kafka-auth-login-handler): ADC in, OAUTHBEARER tokens out. */
  public static final String GCP_LOGIN_HANDLER =
      "com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler";

  private static final List<String> PROTOCOLS =
      List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final Map<String, String> LOGIN_MODULES =
      Map.of(
          "PLAIN",
          "org.apache.kafka.common.security.plain.PlainLoginModule",
          "SCRAM-SHA-256",
          "org.apache.kafka.common.security.scram.ScramLoginModule",
          "SCRAM-SHA-512",
          "org.apache.kafka.common.security.scram.ScramLoginModule",
          OAUTHBEARER,
          "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");

  /**
   * The named settings. None of them is a secret: the user name, password and trust store password
   * are named by the environment variables that hold them.
   *
   * @param truststorePath empty: the JVM's default CAs
   * @param truststoreType empty: Kafka's default
   * @param propertiesFile null: none
   */
  public record Settings(
      String protocol,
      String mechanism,
      String usernameEnv,
      String passwordEnv,
      String truststorePath,
      String truststoreType,
      String truststorePasswordEnv,
      Path propertiesFile) {

    public static Settings defaults() {
      return new Settings(
          "PLAINTEXT",
          "PLAIN",
          DEFAULT_USERNAME_ENV,
          DEFAULT_PASSWORD_ENV,
          "",
          "",
          DEFAULT_TRUSTSTORE_PASSWORD_ENV,
          null);
    }
  }

  private final Map<String, Object> properties;

  private KafkaSecurityConfig(Map<String, Object> properties) {
    this.properties = Map.copyOf(properties);
  }

  /** No security: what a local broker needs. */
  public static KafkaSecurityConfig plaintext() {
    return build(Settings.defaults(), name -> null);
  }

  /**
   * Validates the settings, loads the properties file and reads the secrets from {@code env}.
   * Throws IllegalArgumentException naming the flag, file key or variable at fault (never a
   * secret).
   */
  public static KafkaSecurityConfig build(Settings s, Function<String, String> env) {
    String protocol = s.protocol().trim().toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException(
          "--kafka-security-protocol must be one of "
              + String.join(", ", PROTOCOLS)
              + ", got '"
              + s.protocol()
              + "'");
    }
    boolean sasl = protocol.startsWith("SASL_");
    boolean ssl = protocol.endsWith("SSL");
    Map<String, Object> file =
        s.propertiesFile() == null ? Map.of() : KafkaPropertiesFile.load(s.propertiesFile());
    // Plain settings: the file may repeat them, not contradict them.
    Map<String, String> named = new HashMap<>();
    // Secret settings: the file's if it has them, else from the environment.
    Map<String, Password> secret = new HashMap<>();
    named.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (sasl) {
      String mechanism = s.mechanism().trim().toUpperCase(Locale.ROOT);
      if (!LOGIN_MODULES.containsKey(mechanism)) {
        throw new IllegalArgumentException(
            "--kafka-sasl-mechanism must be one of "
                + String.join(", ", new TreeMap<>(LOGIN_MODULES).keySet())
                + ", got '"
                + s.mechanism()
                + "'");
      }
      named.put(SaslConfigs.SASL_MECHANISM, mechanism);
      if (mechanism.equals(OAUTHBEARER)) {
        if (!ssl) {
          // A bearer token is a credential: never over an unencrypted connection.
          throw new IllegalArgumentException(
              "--kafka-sasl-mechanism OAUTHBEARER needs --kafka-security-protocol SASL_SSL");
        }
        named.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, GCP_LOGIN_HANDLER);
        secret.put(
            SaslConfigs.SASL_JAAS_CONFIG,
            new Password(LOGIN_MODULES.get(mechanism) + " required;"));
      } else if (!file.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
        String user = required(env, s.usernameEnv(), mechanism + " user name");
        String password = required(env, s.passwordEnv(), mechanism + " password");
        secret.put(
            SaslConfigs.SASL_JAAS_CONFIG,
            new Password(
                LOGIN_MODULES.get(mechanism)
                    + " required username=\""
                    + jaasQuoted(user)
                    + "\" password=\""
                    + jaasQuoted(password)
                    + "\";"));
      }
    }
    if (!s.truststorePath().isBlank()) {
      if (!ssl) {
        throw new IllegalArgumentException(
            "--kafka-truststore-path needs --kafka-security-protocol SSL or SASL_SSL");
      }
      Path store = Path.of(s.truststorePath());
      if (!Files.isRegularFile(store) || !Files.isReadable(store)) {
        throw new IllegalArgumentException(
            "--kafka-truststore-path " + store + ": no such readable file");
      }
      named.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, s.truststorePath());
      if (!s.truststoreType().isBlank()) {
        named.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, s.truststoreType().trim());
      }
      String storePassword = env.apply(s.truststorePasswordEnv());
      if (storePassword != null && !storePassword.isEmpty()) {
        secret.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new Password(storePassword));
      }
    }
    named.forEach(
        (key, value) -> {
          Object fromFile = file.get(key);
          if (fromFile != null && !fromFile.equals(value)) {
            throw new IllegalArgumentException(
                "--kafka-properties "
                    + s.propertiesFile()
                    + " sets "
                    + key
                    + "="
                    + fromFile
                    + ", which contradicts "
                    + value
                    + " from the --kafka-* flags (or their KAFKA_* variables): set it in one place");
          }
        });
    Map<String, Object> all = new HashMap<>(secret);
    all.putAll(file); // the file's secrets win over the environment's
    all.putAll(named);
    return new KafkaSecurityConfig(all);
  }

  private static String required(Function<String, String> env, String variable, String what) {
    String v = env.apply(variable);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(
          "the Kafka "
              + what
              + " is read from environment variable "
              + variable
              + ", which is not set (or put sasl.jaas.config in --kafka-properties)");
    }
    return v;
  }

  private static String jaasQuoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Every setting, for a producer; secret values are {@link Password}s. */
  public Map<String, Object> properties() {
    return properties;
  }

  /** The settings an admin client understands (the broker check before publishing). */
  public Properties adminProperties() {
    Properties p = new Properties();
    properties.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            p.put(key, value);
          }
        });
    return p;
  }

  /** The settings with every secret shown as [hidden]: safe to print. */
  @Override
  public String toString() {
    return "Kafka client security " + new TreeMap<>(properties);
  }
}
