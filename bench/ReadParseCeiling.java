import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling of reading here: one plain kafka-clients consumer that parses every record's value
 * into a Jackson tree and reads its price, and nothing else. Run as a single source file on the
 * pipeline jar's classpath (the same Kafka client and Jackson the pipeline uses):
 * {@code java -cp PIPELINE_JAR bench/ReadParseCeiling.java BOOTSTRAP TOPIC N}.
 *
 * <p>Prints {@code ceiling records=N first_record_ms=S steady_per_s=R}: S from the start of the JVM's
 * main to the first record, R from the first record to the N-th.
 */
public final class ReadParseCeiling {
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    String bootstrap = args[0];
    String topic = args[1];
    long expected = Long.parseLong(args[2]);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "bench-ceiling-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed"); // as the pipeline reads
    ObjectMapper json = new ObjectMapper();
    long read = 0;
    long parsed = 0;
    long firstAt = 0;
    long idleSince = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (read < expected) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
        if (batch.isEmpty()) {
          if (System.nanoTime() - idleSince > 30_000_000_000L) {
            throw new IllegalStateException("no record for 30 s after " + read + " of " + expected);
          }
          continue;
        }
        idleSince = System.nanoTime();
        if (firstAt == 0) {
          firstAt = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          read++;
          try {
            JsonNode tree = json.readTree(r.value());
            if (tree != null && tree.path("price").isTextual()) {
              parsed++;
            }
          } catch (java.io.IOException malformed) {
            // The backlog holds malformed records on purpose; the pipeline dead-letters them.
          }
        }
      }
    }
    long end = System.nanoTime();
    System.out.printf(
        "ceiling records=%d parsed=%d first_record_ms=%d steady_per_s=%.0f%n",
        read, parsed, (firstAt - start) / 1_000_000, read / ((end - firstAt) / 1e9));
  }
}
