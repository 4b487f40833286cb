package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the launcher's end-to-end tests share: dbt's availability, the checks table, the lake. */
final class LauncherRuns {
  private LauncherRuns() {}

  /**
   * Whether dbt/.venv exists. In CI it must (the virtualenv is created first); elsewhere a run
   * without it passes --skip-dbt, and the dbt assertions are skipped, saying why.
   */
  static boolean dbtInstalled() {
    boolean installed = DbtRunner.forRepo(PipelineRuns.repoRoot()).installed();
    assertTrue(
        installed || System.getenv("CI") == null,
        "dbt virtualenv missing in CI: " + PipelineRuns.repoRoot().resolve("dbt/.venv"));
    return installed;
  }

  static void assumeDbtRan(boolean installed) {
    assumeTrue(installed, "dbt/.venv not set up (`make setup`): the run skipped dbt");
  }

  /**
   * The checks table of a launcher's output: present, titled with the source, no MISMATCH; returns
   * its lines.
   */
  static List<String> checksHeld(String output, String source) {
    int start = output.indexOf("\nchecks (source: " + source);
    assertTrue(start >= 0, "no checks table for " + source + " in\n" + output);
    int end = output.indexOf("\n\n", start + 1);
    List<String> lines = output.substring(start + 1, end).lines().skip(1).toList();
    assertTrue(lines.size() >= 10, "too few checks:\n" + String.join("\n", lines));
    for (String line : lines) {
      assertFalse(line.contains("MISMATCH"), line + "\nin\n" + output);
    }
    return lines;
  }

  /** The line of one check, by its wording. */
  static String check(List<String> checks, String what) {
    return checks.stream()
        .filter(l -> l.contains(what))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check '" + what + "' in " + checks));
  }

  /** exchange:symbol#trade_id xN for every trade in the lake, sorted. */
  static List<String> tradesInLake(Path lake) throws Exception {
    return countedInLake(lake, "trades", "exchange || ':' || symbol || '#' || trade_id");
  }

  /** reason_code xN of the lake's dead letters, sorted. */
  static List<String> deadLettersInLake(Path lake) throws Exception {
    return countedInLake(lake, "dead_letters", "reason_code");
  }

  /** {@code key xN} over one lake table, sorted; empty when the table has no file. */
  private static List<String> countedInLake(Path lake, String table, String key) throws Exception {
    if (!Warehouse.hasFiles(lake, table)) {
      return List.of();
    }
    try (Warehouse w = Warehouse.inMemory()) {
      return w
          .query(
              "select "
                  + key
                  + " || ' x' || count(*) as k from "
                  + Warehouse.lakeTable(lake, table)
                  + " group by "
                  + key
                  + " order by 1")
          .stream()
          .map((Map<String, Object> r) -> (String) r.get("k"))
          .toList();
    }
  }
}
