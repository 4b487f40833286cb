package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.simulator.Instrument;
import dev.cryptostream.producers.simulator.TradeSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producers' Kafka publisher (idempotent, acks=all) while the broker stops and comes back on
 * the same port and data directory, mid-stream. What must hold:
 *
 * <ul>
 *   <li>an outage shorter than delivery.timeout.ms: every record ends up on the topic exactly once
 *       and in order per key; while the broker is away, send() blocks (back-pressure) instead of
 *       dropping or buffering without bound;
 *   <li>an outage longer than that: the records that could not be delivered are reported as
 *       failures (none is lost silently); every acknowledged record is on the topic once; and the
 *       only records on the topic that were not acknowledged are failed ones: "failed" means
 *       "unknown", the documented at-least-once ambiguity a caller must resolve by resending.
 * </ul>
 */
class BrokerRestartTest {
  private static final String TOPIC = "restart.trades";
  private static final Pattern TRADE_ID = Pattern.compile("\"trade_id\":\"([^\"]+)\"");

  @TempDir Path dir;

  /** Canonical trades from the simulator; each is identified by key and trade id. */
  private static TradeSimulator simulator() {
    return new TradeSimulator(
        Instrument.parseList("binance:BTC-USDT,coinbase:ETH-USD,kraken:SOL-USD"),
        TradeSimulator.Mix.none(),
        3,
        Instant::now);
  }

  private static String id(String key, byte[] value) {
    Matcher m = TRADE_ID.matcher(new String(value, StandardCharsets.UTF_8));
    assertTrue(m.find());
    return key + "/" + m.group(1);
  }

  /** Sends {@code total} trades from a background thread, timing every send() call. */
  private static final class SendingThread extends Thread {
    final KafkaRecordPublisher publisher;
    final long total;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong longestSendNanos = new AtomicLong();
    final List<String> ids = new ArrayList<>();
    volatile Throwable crashed;

    SendingThread(KafkaRecordPublisher publisher, long total) {
      super("sending-thread");
      this.publisher = publisher;
      this.total = total;
    }

    @Override
    public void run() {
      try {
        TradeSimulator sim = simulator();
        for (long i = 0; i < total; i++) {
          TradeSimulator.SimulatedRecord r = sim.next();
          ids.add(id(r.key(), r.value()));
          long t0 = System.nanoTime();
          publisher.send(r.key(), r.value(), r.timestampMillis());
          longestSendNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
          sent.incrementAndGet();
        }
      } catch (Throwable t) {
        crashed = t;
      }
    }
  }

  private static Properties producerConfig(String bootstrap) {
    Properties p = KafkaRecordPublisher.defaultConfig(bootstrap);
    // A small buffer so that an outage of a few seconds fills it and send() must block.
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 1024L * 1024);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    return p;
  }

  /** Every record on the topic, partition by partition in offset order. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, int partitions) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(TOPIC, p));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertTrue(System.nanoTime() < deadline, "could not read the topic to its end");
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void restartShorterThanDeliveryTimeoutKeepsEveryRecordExactlyOnceInOrder() throws Exception {
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"), 0, List.of(new EmbeddedKafkaBroker.TopicSpec(TOPIC, 3)));
    String bootstrap = broker.bootstrapServers();
    long total = 150_000;
    long sentAtStop;
    long sentBeforeRestart;
    long outageMillis = 4_000;
    SendingThread sender;
    try (KafkaRecordPublisher publisher =
        new KafkaRecordPublisher(producerConfig(bootstrap), TOPIC)) {
      sender = new SendingThread(publisher, total);
      sender.start();
      await(
          () -> publisher.acked() >= 30_000 || sender.crashed != null,
          Duration.ofMinutes(2),
          "30,000 acks");

      broker.close(); // a clean stop, mid-stream
      sentAtStop = sender.sent.get();
      Thread.sleep(outageMillis);
      sentBeforeRestart = sender.sent.get();
      Thread.State stateDuringOutage = sender.getState();
      broker = broker.restart();
      assertEquals(bootstrap, broker.bootstrapServers(), "same address after the restart");

      sender.join(Duration.ofMinutes(3).toMillis());
      assertTrue(sender.crashed == null, () -> "sender crashed: " + sender.crashed);
      assertEquals(total, sender.sent.get());
      publisher.flush();

      // Back-pressure: while the broker was away, send() blocked once the 1 MiB buffer was full.
      assertTrue(
          stateDuringOutage == Thread.State.WAITING
              || stateDuringOutage == Thread.State.TIMED_WAITING,
          "sender was " + stateDuringOutage + " during the outage");
      assertTrue(
          sender.longestSendNanos.get() >= (outageMillis / 2) * 1_000_000L,
          "longest send() " + sender.longestSendNanos.get() / 1_000_000 + " ms");
      // Only what fits in the buffer was accepted during the outage (records are ~230 bytes, lz4).
      assertTrue(
          sentBeforeRestart - sentAtStop < 40_000,
          "accepted during outage: " + (sentBeforeRestart - sentAtStop));
      assertEquals(total, publisher.acked());
      assertEquals(0, publisher.failed(), () -> "failures: " + publisher.firstFailure());
      System.out.printf(
          "restart test: sent=%d acked=%d failed=0 accepted_during_%d_ms_outage=%d longest_send_ms=%d%n",
          total,
          publisher.acked(),
          outageMillis,
          sentBeforeRestart - sentAtStop,
          sender.longestSendNanos.get() / 1_000_000);
      // Read back through the restarted broker.
      List<ConsumerRecord<byte[], byte[]>> onTopic = readAll(broker.bootstrapServers(), 3);
      assertEquals(total, onTopic.size(), "record count");
      Set<String> seen = new HashSet<>();
      Map<String, Long> lastIdPerKey = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : onTopic) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        String id = id(key, r.value());
        assertTrue(seen.add(id), "duplicate " + id);
        long tradeId = Long.parseLong(id.substring(id.indexOf('/') + 1));
        Long previous = lastIdPerKey.put(key, tradeId);
        assertTrue(
            previous == null || tradeId == previous + 1,
            key + ": " + tradeId + " after " + previous + " (gap or reorder)");
      }
      assertEquals(new HashSet<>(sender.ids), seen, "exactly the records sent");
    } finally {
      broker.close();
    }
  }

  @Test
  void outageLongerThanDeliveryTimeoutSurfacesFailuresAndLosesNoAcknowledgedRecord()
      throws Exception {
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"), 0, List.of(new EmbeddedKafkaBroker.TopicSpec(TOPIC, 3)));
    String bootstrap = broker.bootstrapServers();
    long total;
    Set<String> ackedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Properties config = producerConfig(bootstrap);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    List<String> sentIds = new ArrayList<>();
    try (KafkaRecordPublisher publisher = new KafkaRecordPublisher(config, TOPIC)) {
      TradeSimulator sim = simulator();
      long outageNanos = 3 * 2_000_000_000L; // three times delivery.timeout.ms
      long stoppedAt = 0;
      int sentAtRestart = -1;
      // 20,000 records with the broker up; then sending goes on with the broker down for three
      // delivery timeouts (however many records that is: the buffer and max.block.ms decide);
      // then 20,000 more after the restart.
      while (sentAtRestart < 0 || sentIds.size() < sentAtRestart + 20_000) {
        if (sentIds.size() == 20_000 && stoppedAt == 0) {
          publisher.flush();
          broker.close();
          stoppedAt = System.nanoTime();
        }
        if (stoppedAt != 0 && sentAtRestart < 0 && System.nanoTime() - stoppedAt >= outageNanos) {
          broker = broker.restart();
          sentAtRestart = sentIds.size();
        }
        TradeSimulator.SimulatedRecord r = sim.next();
        String id = id(r.key(), r.value());
        sentIds.add(id);
        publisher.send(
            r.key(),
            r.value(),
            r.timestampMillis(),
            (metadata, error) -> {
              if (error == null) {
                ackedIds.add(id);
              }
            });
      }
      publisher.flush();
      total = sentIds.size();

      assertTrue(publisher.failed() > 0, "the outage must surface as delivery failures");
      assertInstanceOf(
          TimeoutException.class,
          publisher.firstFailure(),
          () -> String.valueOf(publisher.firstFailure()));
      assertEquals(
          total,
          publisher.acked() + publisher.failed(),
          "every record is either acknowledged or reported failed");
      assertEquals(publisher.acked(), ackedIds.size());
      assertTrue(
          ackedIds.containsAll(sentIds.subList(0, 20_000)),
          "everything before the stop was acknowledged");
      assertTrue(
          ackedIds.containsAll(sentIds.subList(sentIds.size() - 10_000, sentIds.size())),
          "once reconnected after the restart, delivery works again");
    }
    try {
      List<String> onTopic = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : readAll(broker.bootstrapServers(), 3)) {
        onTopic.add(id(new String(r.key(), StandardCharsets.UTF_8), r.value()));
      }
      Set<String> distinct = new HashSet<>(onTopic);
      assertEquals(onTopic.size(), distinct.size(), "no record is on the topic twice");
      assertTrue(distinct.containsAll(ackedIds), "every acknowledged record is on the topic");
      assertTrue(
          new HashSet<>(sentIds).containsAll(distinct), "nothing on the topic that was not sent");
      // Records on the topic without an ack: written just before the stop, their acks lost with the
      // connection. The producer reported them as failed; only a resend by the caller (at least
      // once)
      // or a transactional producer could settle them.
      long writtenButReportedFailed =
          distinct.stream().filter(id -> !ackedIds.contains(id)).count();
      System.out.printf(
          "outage test: sent=%d acked=%d failed=%d on_topic=%d on_topic_but_reported_failed=%d%n",
          total,
          ackedIds.size(),
          total - ackedIds.size(),
          distinct.size(),
          writtenButReportedFailed);
    } finally {
      broker.close();
    }
  }
}
