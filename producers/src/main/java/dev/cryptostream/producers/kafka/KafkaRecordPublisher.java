package dev.cryptostream.producers.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes keyed records to one topic with delivery guarantees suited to market data: idempotent,
 * acks=all, compressed and batched. {@code send} blocks when the client's buffer is full, which is
 * the back-pressure that slows the reader instead of dropping records. Delivery failures are
 * counted and the first one is kept for the caller to surface.
 */
public class KafkaRecordPublisher implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  public KafkaRecordPublisher(String bootstrapServers, String topic) {
    this(defaultConfig(bootstrapServers), topic);
  }

  public KafkaRecordPublisher(String bootstrapServers, KafkaSecurityConfig security, String topic) {
    this(defaultConfig(bootstrapServers, security), topic);
  }

  public KafkaRecordPublisher(Properties config, String topic) {
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** Producer settings: no loss, no duplicates from retries, good throughput on a laptop. */
  public static Properties defaultConfig(String bootstrapServers) {
    return defaultConfig(bootstrapServers, KafkaSecurityConfig.plaintext());
  }

  /**
   * {@link #defaultConfig(String)} plus the security settings, and the settings of a {@code
   * --kafka-properties} file over the defaults.
   */
  public static Properties defaultConfig(String bootstrapServers, KafkaSecurityConfig security) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "crypto-producer");
    p.putAll(security.properties());
    return p;
  }

  /**
   * Sends one record; the timestamp becomes the Kafka record time (trade time by contract). A null
   * key lets Kafka spread the record over partitions.
   */
  public void send(String key, byte[] value, long timestampMillis) {
    send(key, value, timestampMillis, null);
  }

  /** As {@link #send(String, byte[], long)}, and then tells {@code then} how this record fared. */
  @SuppressWarnings("FutureReturnValueIgnored") // the callback counts and reports the outcome
  public void send(String key, byte[] value, long timestampMillis, Callback then) {
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    producer.send(
        new ProducerRecord<>(topic, null, timestampMillis, keyBytes, value),
        (metadata, error) -> {
          if (error == null) {
            acked.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, error);
          }
          if (then != null) {
            then.onCompletion(metadata, error);
          }
        });
  }

  public void flush() {
    producer.flush();
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  public Exception firstFailure() {
    return firstFailure.get();
  }

  @Override
  public void close() {
    producer.flush();
    producer.close();
  }
}
