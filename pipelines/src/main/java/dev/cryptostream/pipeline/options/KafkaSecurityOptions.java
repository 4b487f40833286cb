package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How the pipeline authenticates to Kafka. Secrets are never options: options name the Secret
 * Manager versions or environment variables that hold them, and workers read them when they create
 * a consumer, so no secret enters the job graph, its display data or a log line.
 */
public interface KafkaSecurityOptions extends PipelineOptions {
  @Description("security.protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
  @Default.String("PLAINTEXT")
  String getKafkaSecurityProtocol();

  void setKafkaSecurityProtocol(String value);

  @Description(
      "SASL mechanism for SASL_* protocols: PLAIN, SCRAM-SHA-512, or OAUTHBEARER (Google Cloud "
          + "Managed Service for Apache Kafka with the workers' application default credentials; "
          + "no user name or password).")
  @Default.String("PLAIN")
  String getKafkaSaslMechanism();

  void setKafkaSaslMechanism(String value);

  @Description("Name of the environment variable holding the SASL user name.")
  @Default.String("KAFKA_USERNAME")
  String getKafkaUsernameEnv();

  void setKafkaUsernameEnv(String value);

  @Description("Name of the environment variable holding the SASL password.")
  @Default.String("KAFKA_PASSWORD")
  String getKafkaPasswordEnv();

  void setKafkaPasswordEnv(String value);

  @Description(
      "Trust store (JKS or PKCS12 path) for SSL / SASL_SSL; empty uses the JVM's default CAs.")
  @Default.String("")
  String getKafkaTruststorePath();

  void setKafkaTruststorePath(String value);

  @Description("Name of the environment variable holding the trust store password (if any).")
  @Default.String("KAFKA_TRUSTSTORE_PASSWORD")
  String getKafkaTruststorePasswordEnv();

  void setKafkaTruststorePasswordEnv(String value);

  @Description(
      "Secret Manager version holding the SASL user name (projects/P/secrets/S/versions/V); "
          + "takes precedence over --kafkaUsernameEnv.")
  String getKafkaUsernameSecret();

  void setKafkaUsernameSecret(String value);

  @Description(
      "Secret Manager version holding the SASL password (projects/P/secrets/S/versions/V); "
          + "takes precedence over --kafkaPasswordEnv.")
  String getKafkaPasswordSecret();

  void setKafkaPasswordSecret(String value);
}
