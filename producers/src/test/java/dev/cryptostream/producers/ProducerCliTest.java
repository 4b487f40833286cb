package dev.cryptostream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The top command: usage, help, version and unknown commands. */
class ProducerCliTest {
  private static final List<String> COMMANDS =
      List.of("simulate", "replay", "live", "poll-coingecko", "help");

  private static void assertListsEveryCommand(String usage) {
    assertTrue(usage.startsWith("Usage: producers [-hV] [COMMAND]"), usage);
    for (String command : COMMANDS) {
      assertTrue(usage.contains("\n  " + command + " "), command + " in\n" + usage);
    }
  }

  @Test
  void noArgumentsHelpAndDashHPrintTheSameUsageAndSucceed() {
    String usage = CliRun.run().assertSuccess();
    assertListsEveryCommand(usage);
    assertEquals(usage, CliRun.run("--help").assertSuccess());
    assertEquals(usage, CliRun.run("-h").assertSuccess());
    assertEquals(usage, CliRun.run("help").assertSuccess());
    assertTrue(usage.contains("Exit codes:"), usage);
  }

  @Test
  void helpOfACommandIsThatCommandsHelp() {
    assertEquals(CliRun.run("live", "--help").out, CliRun.run("help", "live").assertSuccess());
  }

  @Test
  void versionIsTheProjectVersion() {
    CliRun.run("--version").assertVersion();
    CliRun.run("-V").assertVersion();
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun.run("simulat").assertUsageError("error: Unmatched argument at index 0: 'simulat'");
    CliRun.run("--verbose").assertUsageError("error: Unknown option: '--verbose'");
  }
}
