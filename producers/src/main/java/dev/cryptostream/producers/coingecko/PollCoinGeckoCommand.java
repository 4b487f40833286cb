package dev.cryptostream.producers.coingecko;

import dev.cryptostream.contracts.PriceTopics;
import dev.cryptostream.producers.CliArgs;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.kafka.KafkaSecurityConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** {@code producers poll-coingecko [flags]}: flags, wiring to Kafka, and a clean stop on Ctrl-C. */
public final class PollCoinGeckoCommand {
  public static final String USAGE =
      """
      poll-coingecko flags:
        --bootstrap-servers HOST:PORT   Kafka (default localhost:9092, env KAFKA_BOOTSTRAP_SERVERS)
        --coins LIST                    CoinGecko coin ids (default bitcoin,ethereum)
        --vs LIST                       currencies (default usd)
        --interval D                    time between polls (default PT20S)
        --topic NAME                    snapshots (default prices.coingecko.v1)
        --dlq-topic NAME                unreadable answers (default prices.producer.dlq)
        --api-key-env NAME              environment variable holding the demo API key (default COINGECKO_API_KEY)
        --base-url URL                  default https://api.coingecko.com
        --calls-per-minute N            call budget, failed calls included (default 30)
        --timeout D                     per call (default 10s)
        --duration D                    stop after this long (default: until Ctrl-C)
      """;

  private static final Pattern COIN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern CURRENCY = Pattern.compile("[a-z0-9]{2,16}");

  private PollCoinGeckoCommand() {}

  public static void run(CliArgs a, String bootstrapServers) {
    List<String> coins = list(a.string("coins", "bitcoin,ethereum"), COIN, "--coins");
    List<String> vs = list(a.string("vs", "usd"), CURRENCY, "--vs");
    Duration interval = a.duration("interval", Duration.ofSeconds(20));
    String topic = a.string("topic", PriceTopics.COINGECKO_PRICES_V1);
    String dlqTopic = a.string("dlq-topic", PriceTopics.PRODUCER_DLQ);
    String keyEnv = a.string("api-key-env", "COINGECKO_API_KEY");
    URI baseUrl = URI.create(a.string("base-url", CoinGeckoClient.DEFAULT_BASE_URL));
    long callsPerMinute = a.integer("calls-per-minute", 30);
    Duration timeout = a.duration("timeout", Duration.ofSeconds(10));
    Duration duration = a.duration("duration", null);
    KafkaSecurityConfig security = KafkaSecurityConfig.fromArgs(a);
    a.rejectUnknown();
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--interval and --timeout must be positive");
    }
    if (callsPerMinute < 1 || callsPerMinute > 10_000) {
      throw new IllegalArgumentException("--calls-per-minute must be between 1 and 10000");
    }
    CoinGeckoPoller.Config config =
        new CoinGeckoPoller.Config(
            coins,
            vs,
            interval,
            (int) callsPerMinute,
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15));
    CoinGeckoClient client = new CoinGeckoClient(baseUrl, System.getenv(keyEnv), timeout);
    System.out.printf(
        "coingecko polling %s in %s every %ss into %s (dead letters: %s), API key %s%n",
        coins,
        vs,
        interval.toMillis() / 1000.0,
        topic,
        dlqTopic,
        client.hasApiKey() ? "from " + keyEnv : "none (" + keyEnv + " unset)");
    String brokerProblem =
        dev.cryptostream.producers.kafka.KafkaBrokerCheck.problem(
            bootstrapServers, security, Duration.ofSeconds(15), List.of(topic, dlqTopic));
    if (brokerProblem != null) {
      System.err.println("error: Kafka at " + bootstrapServers + " is not ready: " + brokerProblem);
      System.exit(1);
    }
    try (KafkaRecordPublisher prices =
            new KafkaRecordPublisher(
                producerConfig(bootstrapServers, security, "coingecko-prices"), topic);
        KafkaRecordPublisher deadLetters =
            new KafkaRecordPublisher(
                producerConfig(bootstrapServers, security, "coingecko-dead-letters"), dlqTopic)) {
      SplittableRandom jitter = new SplittableRandom();
      CoinGeckoPoller poller =
          new CoinGeckoPoller(
              config,
              client,
              prices::send,
              deadLetters::send,
              PollClock.system(),
              jitter::nextDouble,
              System.out);
      CountDownLatch done = new CountDownLatch(1);
      // Ctrl-C asks the poller to stop and waits for the flush below. The main thread is not
      // interrupted: the poller sleeps in short slices and HTTP calls time out, while an interrupt
      // landing in a Kafka send or flush would abort records in flight.
      Thread onCtrlC =
          new Thread(
              () -> {
                poller.requestStop();
                try {
                  done.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      CoinGeckoPoller.Stats stats;
      try {
        stats = poller.run(0, duration);
      } catch (InterruptedException stopped) {
        Thread.interrupted(); // clear, so that flushing below is not cut short
        stats = poller.stats();
      }
      try {
        prices.flush();
        deadLetters.flush();
        System.out.printf(
            "coingecko done: %s; prices acked=%d failed=%d, dead letters acked=%d failed=%d%n",
            stats, prices.acked(), prices.failed(), deadLetters.acked(), deadLetters.failed());
        if (prices.failed() + deadLetters.failed() > 0) {
          Exception first =
              prices.firstFailure() != null ? prices.firstFailure() : deadLetters.firstFailure();
          System.err.println(
              "error: "
                  + (prices.failed() + deadLetters.failed())
                  + " records were not delivered: "
                  + first);
          System.exit(1);
        }
      } finally {
        done.countDown();
        try {
          Runtime.getRuntime()
              .removeShutdownHook(onCtrlC); // a run that ended by itself needs no hook
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is running and waits for the countDown above.
        }
      }
    }
  }

  /** The publisher's defaults under a client id of its own (two producers, one JVM). */
  private static java.util.Properties producerConfig(
      String bootstrapServers, KafkaSecurityConfig security, String clientId) {
    java.util.Properties p = KafkaRecordPublisher.defaultConfig(bootstrapServers, security);
    p.put(org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  private static List<String> list(String spec, Pattern allowed, String flag) {
    List<String> out =
        Arrays.stream(spec.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    if (out.isEmpty()) {
      throw new IllegalArgumentException(flag + " names nothing");
    }
    for (String s : out) {
      if (!allowed.matcher(s).matches()) {
        throw new IllegalArgumentException(flag + ": '" + s + "' is not a lower-case CoinGecko id");
      }
    }
    return out;
  }
}
