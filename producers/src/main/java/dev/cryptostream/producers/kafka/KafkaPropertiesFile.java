package dev.cryptostream.producers.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Extra Kafka producer properties from a Java properties file ({@code --kafka-properties}), e.g. a
 * Secret Manager secret mounted as a file. Every key must be a Kafka producer setting (a typo would
 * otherwise be ignored with a warning), values are checked against Kafka's own definitions, and
 * values of password-type settings are wrapped in Kafka's {@link Password} so that no printout of
 * the result shows them. Errors name the file and the key, never a value of a password setting.
 */
public final class KafkaPropertiesFile {
  /** Settings the producers own: the file may not set them. */
  private static final Map<String, String> OWNED =
      Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          "set it with --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS)",
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          "the producers publish bytes with their own serializers",
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          "the producers publish bytes with their own serializers");

  private static final ConfigDef PRODUCER = ProducerConfig.configDef();
  private static final Set<String> PRODUCER_KEYS = ProducerConfig.configNames();

  private KafkaPropertiesFile() {}

  /** The file's settings, password values wrapped; throws IllegalArgumentException if unusable. */
  public static Map<String, Object> load(Path file) {
    String where = "--kafka-properties " + file;
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(where + ": no such readable file");
    }
    Properties raw = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      raw.load(in);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(where + ": not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": cannot be read (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      // Properties.load's only parse error: a malformed \\uXXXX escape (its message holds no
      // value).
      throw new IllegalArgumentException(
          where + ": not a properties file (" + e.getMessage() + ")");
    }
    Map<String, Object> out = new HashMap<>();
    for (String key : raw.stringPropertyNames()) {
      if (OWNED.containsKey(key)) {
        throw new IllegalArgumentException(where + " sets " + key + ": " + OWNED.get(key));
      }
      if (!PRODUCER_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            where + " sets '" + key + "', which is not a Kafka producer setting");
      }
      String value = raw.getProperty(key).trim();
      out.put(key, isPassword(key) ? new Password(value) : value);
    }
    checkValues(where, out);
    return out;
  }

  /** Whether Kafka treats this setting as a secret (it prints such values as [hidden]). */
  public static boolean isPassword(String key) {
    ConfigDef.ConfigKey k = PRODUCER.configKeys().get(key);
    return k != null && k.type == ConfigDef.Type.PASSWORD;
  }

  /** Kafka's own parse of every value, now instead of when the first producer is created. */
  private static void checkValues(String where, Map<String, Object> settings) {
    Map<String, Object> probe = new HashMap<>(settings);
    // The settings the producers own, so that only the file's own values are judged.
    probe.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "probe:9092");
    probe.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    probe.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try {
      PRODUCER.parse(probe);
    } catch (ConfigException e) {
      // Kafka's message names the setting and, for password settings, never the value.
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }
}
