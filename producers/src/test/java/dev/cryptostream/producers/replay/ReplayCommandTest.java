package dev.cryptostream.producers.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.CliRun;
import dev.cryptostream.producers.cli.CommaList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/** Option validation of {@code replay}: every mistake is reported before Kafka is contacted. */
class ReplayCommandTest {
  @TempDir Path dir;
  private String file;

  @BeforeEach
  void writeFile() throws IOException {
    file = Files.writeString(dir.resolve("trades.ndjson"), "").toString();
  }

  private static CliRun run(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "replay";
    System.arraycopy(options, 0, args, 1, options.length);
    return CliRun.run(args);
  }

  private Object value(String option, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = file;
    System.arraycopy(options, 0, args, 1, options.length);
    ReplayCommand c = CliRun.parse("replay", args);
    CommandSpec spec = CommandSpec.forAnnotatedObject(c);
    return spec.findOption(option).getValue();
  }

  @Test
  void defaults() {
    String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    assertEquals(env != null ? env : "localhost:9092", value("--bootstrap-servers"));
    assertEquals("crypto.trades.v1", value("--topic"));
    assertEquals(0.0, value("--speed"), "max: as fast as possible");
    assertNull(value("--frames"));
    assertNull(value("--symbols"));
    assertEquals("trades.producer.dlq", value("--dlq-topic"));
    assertEquals("ms", value("--time-unit"));
    assertEquals(Duration.ofMinutes(1), value("--max-trade-ahead"));
    assertNull(((dev.cryptostream.producers.cli.DurationOrNone) value("--max-trade-age")).limit());
  }

  @Test
  void overrides() {
    assertEquals(60.0, value("--speed", "--speed", "60"));
    assertEquals(0.5, value("--speed", "--speed=0.5"));
    assertEquals("okx", value("--frames", "--frames", "OKX"));
    assertEquals(
        new CommaList<>(List.of("BTC-USDT", "ETH-USDT")),
        value("--symbols", "--symbols", "BTC-USDT,ETH-USDT"));
  }

  @Test
  void missingFileIsAUsageError() {
    run().assertUsageError("error: Missing required parameter: 'FILE'");
    run("--speed", "1").assertUsageError("error: Missing required parameter: 'FILE'");
    run(dir.resolve("absent.ndjson").toString())
        .assertUsageError("error: cannot read " + dir.resolve("absent.ndjson"));
  }

  @Test
  void badSpeedIsAUsageError() {
    run(file, "--speed", "fast")
        .assertUsageError(
            "error: Invalid value for option '--speed': must be a number or max, got 'fast'");
    for (String bad : List.of("0", "-1", "NaN", "Infinity")) {
      run(file, "--speed", bad)
          .assertUsageError(
              "error: Invalid value for option '--speed': must be positive or max, got '"
                  + bad
                  + "'");
    }
  }

  @Test
  void frameOptionsNeedFramesAndFramesNeedSymbols() {
    run(file, "--symbols", "BTC-USDT")
        .assertUsageError("error: --symbols applies only with --frames VENUE");
    run(file, "--time-unit", "us")
        .assertUsageError("error: --time-unit applies only with --frames VENUE");
    run(file, "--frames", "binance")
        .assertUsageError("error: replay --frames needs --symbols (the capture's symbols");
    run(file, "--frames", "mtgox", "--symbols", "BTC-USD")
        .assertUsageError("error: Invalid value for option '--frames': unknown venue 'mtgox'");
    run(file, "--frames", "kraken", "--symbols", "BTC-USD", "--time-unit", "us")
        .assertUsageError(
            "error: --time-unit us is a Binance stream option; kraken has no such option");
    run(file, "--frames", "binance", "--symbols", "BTC-USDT", "--max-trade-ahead", "-1m")
        .assertUsageError("error: trade time window bounds must be non-negative");
  }

  @Test
  void aDirectoryIsAUsageErrorBeforeAnythingConnects() {
    run(dir.toString(), "--bootstrap-servers", "127.0.0.1:1")
        .assertUsageError("error: cannot read " + dir + ": a directory");
  }

  @Test
  void helpDescribesTheFileAndEveryOption() {
    String help = run("--help").assertSuccess();
    assertTrue(help.startsWith("Usage: producers replay [-hV]"), help);
    assertTrue(help.contains(" FILE"), help);
    for (String option :
        List.of(
            "--bootstrap-servers=HOST:PORT",
            "--topic=NAME",
            "--speed=S",
            "--frames=VENUE",
            "--symbols=LIST",
            "--dlq-topic=NAME",
            "--time-unit=ms|us",
            "--max-trade-ahead=D",
            "--max-trade-age=D|none")) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
  }

  @Test
  void versionIsTheProjectVersion() {
    run("--version").assertVersion();
  }
}
