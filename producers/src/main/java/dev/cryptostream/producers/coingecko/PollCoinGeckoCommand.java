package dev.cryptostream.producers.coingecko;

import dev.cryptostream.contracts.PriceTopics;
import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.cli.CommaList;
import dev.cryptostream.producers.cli.DurationConverter;
import dev.cryptostream.producers.cli.KafkaConnection;
import dev.cryptostream.producers.cli.ParsedBy;
import dev.cryptostream.producers.cli.UrlConverter;
import dev.cryptostream.producers.cli.UsageError;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code producers poll-coingecko [flags]}: flags, wiring to Kafka, and a clean stop on Ctrl-C. */
@Command(
    name = "poll-coingecko",
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Polls CoinGecko's /api/v3/simple/price and publishes price snapshots (not trades) to their"
          + " own topic, once per coin, currency and last_updated_at. Unreadable answers, unknown"
          + " coins and unusable fields go to the dead-letter topic; polling goes on.",
      "Both topics must exist. Runs until --duration or Ctrl-C (what was read is flushed first)."
    })
public final class PollCoinGeckoCommand implements Callable<Integer> {
  private static final Pattern COIN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern CURRENCY = Pattern.compile("[a-z0-9]{2,16}");

  @Spec private CommandSpec spec;

  @ParentCommand private ProducerCli cli;
  @Mixin private KafkaConnection kafka;

  @Option(
      names = "--coins",
      paramLabel = "LIST",
      defaultValue = "bitcoin,ethereum",
      converter = CoinIds.class,
      description = "CoinGecko coin ids, comma-separated (default: ${DEFAULT-VALUE}).")
  private CommaList<String> coins;

  @Option(
      names = "--vs",
      paramLabel = "LIST",
      defaultValue = "usd",
      converter = Currencies.class,
      description = "Currencies to price them in, comma-separated (default: ${DEFAULT-VALUE}).")
  private CommaList<String> vs;

  @Option(
      names = "--interval",
      paramLabel = "D",
      defaultValue = "PT20S",
      converter = DurationConverter.class,
      description = "Time between polls (default: ${DEFAULT-VALUE}).")
  private Duration interval;

  @Option(
      names = "--topic",
      paramLabel = "NAME",
      defaultValue = PriceTopics.COINGECKO_PRICES_V1,
      description = "Topic the snapshots go to (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--dlq-topic",
      paramLabel = "NAME",
      defaultValue = PriceTopics.PRODUCER_DLQ,
      description = "Topic for answers that cannot be used (default: ${DEFAULT-VALUE}).")
  private String dlqTopic;

  @Option(
      names = "--api-key-env",
      paramLabel = "NAME",
      defaultValue = "COINGECKO_API_KEY",
      description =
          "Environment variable holding the demo API key, sent only as a header and never"
              + " logged; unset = no key (default: ${DEFAULT-VALUE}).")
  private String keyEnv;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      defaultValue = CoinGeckoClient.DEFAULT_BASE_URL,
      converter = UrlConverter.Http.class,
      description = "CoinGecko API base URL (default: ${DEFAULT-VALUE}).")
  private String baseUrl;

  @Option(
      names = "--calls-per-minute",
      paramLabel = "N",
      defaultValue = "30",
      description =
          "Call budget per minute, failed calls included; 1 to 10000 (default: ${DEFAULT-VALUE}).")
  private int callsPerMinute;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time limit of one call (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Stop after this long (default: run until Ctrl-C).")
  private Duration duration;

  @Override
  public Integer call() {
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw UsageError.of(spec, "--interval and --timeout must be positive");
    }
    if (callsPerMinute < 1 || callsPerMinute > 10_000) {
      throw UsageError.of(spec, "--calls-per-minute must be between 1 and 10000");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw UsageError.of(spec, "--duration must be positive");
    }
    kafka.checkOptions(); // with the other options, before anything connects
    PrintStream out = cli.out();
    CoinGeckoPoller.Config config =
        new CoinGeckoPoller.Config(
            coins.items(),
            vs.items(),
            interval,
            callsPerMinute,
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15));
    CoinGeckoClient client =
        new CoinGeckoClient(URI.create(baseUrl), System.getenv(keyEnv), timeout);
    out.printf(
        "coingecko polling %s in %s every %ss into %s (dead letters: %s), API key %s%n",
        coins.items(),
        vs.items(),
        interval.toMillis() / 1000.0,
        topic,
        dlqTopic,
        client.hasApiKey() ? "from " + keyEnv : "none (" + keyEnv + " unset)");
    if (!kafka.ready(cli.err(), List.of(topic, dlqTopic))) {
      return 1;
    }
    try (KafkaRecordPublisher prices =
            new KafkaRecordPublisher(producerConfig("coingecko-prices"), topic);
        KafkaRecordPublisher deadLetters =
            new KafkaRecordPublisher(producerConfig("coingecko-dead-letters"), dlqTopic)) {
      SplittableRandom jitter = new SplittableRandom();
      CoinGeckoPoller poller =
          new CoinGeckoPoller(
              config,
              client,
              prices::send,
              deadLetters::send,
              PollClock.system(),
              jitter::nextDouble,
              out);
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
        out.printf(
            "coingecko done: %s; prices acked=%d failed=%d, dead letters acked=%d failed=%d%n",
            stats, prices.acked(), prices.failed(), deadLetters.acked(), deadLetters.failed());
        return ProducerCli.undelivered(
            cli.err(),
            prices.failed() + deadLetters.failed(),
            prices.firstFailure() != null ? prices.firstFailure() : deadLetters.firstFailure());
      } finally {
        done.countDown();
        ProducerCli.removeShutdownHook(onCtrlC); // a run that ended by itself needs no hook
      }
    }
  }

  /** The publisher's defaults under a client id of its own (two producers, one JVM). */
  private java.util.Properties producerConfig(String clientId) {
    java.util.Properties p = kafka.producerConfig();
    p.put(org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  /** Comma-separated lower-case ids matching {@code allowed}; blanks and repeats dropped. */
  private static List<String> ids(String spec, Pattern allowed) {
    List<String> out =
        Arrays.stream(spec.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    if (out.isEmpty()) {
      throw new IllegalArgumentException("names nothing");
    }
    for (String s : out) {
      if (!allowed.matcher(s).matches()) {
        throw new IllegalArgumentException("'" + s + "' is not a lower-case CoinGecko id");
      }
    }
    return out;
  }

  /** CoinGecko coin ids such as bitcoin,ethereum. */
  public static final class CoinIds extends ParsedBy<CommaList<String>> {
    @Override
    protected CommaList<String> parse(String value) {
      return new CommaList<>(ids(value, COIN));
    }
  }

  /** Currency ids such as usd,eur. */
  public static final class Currencies extends ParsedBy<CommaList<String>> {
    @Override
    protected CommaList<String> parse(String value) {
      return new CommaList<>(ids(value, CURRENCY));
    }
  }
}
