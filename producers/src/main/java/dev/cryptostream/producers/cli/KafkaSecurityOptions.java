package dev.cryptostream.producers.cli;

import dev.cryptostream.producers.kafka.KafkaSecurityConfig;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How the producers authenticate to Kafka: the {@code --kafka-*} options every publishing command
 * shares. Most fall back to a {@code KAFKA_*} environment variable, read here rather than through
 * picocli's default values so that the help never shows a variable's value and tests can pass an
 * environment of their own. Secrets are never options, only the names of the variables holding
 * them.
 */
public final class KafkaSecurityOptions {
  @Option(
      names = "--kafka-security-protocol",
      paramLabel = "P",
      description =
          "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (default: the environment variable"
              + " KAFKA_SECURITY_PROTOCOL, else PLAINTEXT).")
  private String protocol;

  @Option(
      names = "--kafka-sasl-mechanism",
      paramLabel = "M",
      description =
          "With SASL_*: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, or OAUTHBEARER = Google Cloud Managed"
              + " Kafka with the application default credentials, SASL_SSL only, no secret"
              + " needed (default: the environment variable KAFKA_SASL_MECHANISM, else PLAIN).")
  private String mechanism;

  @Option(
      names = "--kafka-username-env",
      paramLabel = "NAME",
      defaultValue = KafkaSecurityConfig.DEFAULT_USERNAME_ENV,
      description =
          "PLAIN/SCRAM: environment variable holding the user name (default: ${DEFAULT-VALUE}).")
  private String usernameEnv;

  @Option(
      names = "--kafka-password-env",
      paramLabel = "NAME",
      defaultValue = KafkaSecurityConfig.DEFAULT_PASSWORD_ENV,
      description =
          "PLAIN/SCRAM: environment variable holding the password (default: ${DEFAULT-VALUE}).")
  private String passwordEnv;

  @Option(
      names = "--kafka-truststore-path",
      paramLabel = "FILE",
      description =
          "SSL/SASL_SSL: trust store (default: the environment variable KAFKA_TRUSTSTORE_PATH,"
              + " else the JVM's CAs).")
  private String truststorePath;

  @Option(
      names = "--kafka-truststore-type",
      paramLabel = "T",
      description =
          "JKS or PKCS12 (default: the environment variable KAFKA_TRUSTSTORE_TYPE, else Kafka's,"
              + " JKS, which also reads PKCS12).")
  private String truststoreType;

  @Option(
      names = "--kafka-truststore-password-env",
      paramLabel = "NAME",
      defaultValue = KafkaSecurityConfig.DEFAULT_TRUSTSTORE_PASSWORD_ENV,
      description =
          "Environment variable holding the trust store password, if it has one (default:"
              + " ${DEFAULT-VALUE}).")
  private String truststorePasswordEnv;

  @Option(
      names = "--kafka-properties",
      paramLabel = "FILE",
      description =
          "More Kafka producer settings, a Java properties file (default: the environment variable"
              + " KAFKA_PROPERTIES_FILE); it may hold sasl.jaas.config or ssl.truststore.password"
              + " instead of the variables, and may repeat but not contradict the settings above.")
  private String propertiesFile;

  /**
   * The Kafka client security for these options and {@code env}: each option, else its variable,
   * else the default. Throws IllegalArgumentException naming the option, file key or variable at
   * fault, never a secret.
   */
  public KafkaSecurityConfig config(Function<String, String> env) {
    KafkaSecurityConfig.Settings d = KafkaSecurityConfig.Settings.defaults();
    String file = optionOrEnv(propertiesFile, env, "KAFKA_PROPERTIES_FILE", "");
    KafkaSecurityConfig.Settings settings =
        new KafkaSecurityConfig.Settings(
            optionOrEnv(protocol, env, "KAFKA_SECURITY_PROTOCOL", d.protocol()),
            optionOrEnv(mechanism, env, "KAFKA_SASL_MECHANISM", d.mechanism()),
            usernameEnv,
            passwordEnv,
            optionOrEnv(truststorePath, env, "KAFKA_TRUSTSTORE_PATH", d.truststorePath()),
            optionOrEnv(truststoreType, env, "KAFKA_TRUSTSTORE_TYPE", d.truststoreType()),
            truststorePasswordEnv,
            file.isBlank() ? null : Path.of(file));
    return KafkaSecurityConfig.build(settings, env);
  }

  /** The option if given, else the variable if set and not blank, else {@code fallback}. */
  private static String optionOrEnv(
      String option, Function<String, String> env, String variable, String fallback) {
    if (option != null) {
      return option;
    }
    String v = env.apply(variable);
    return v == null || v.isBlank() ? fallback : v;
  }
}
