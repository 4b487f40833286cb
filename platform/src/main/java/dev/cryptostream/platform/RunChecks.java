package dev.cryptostream.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks every source supports: each published record reached the broker, was read, and is in
 * the lake exactly once (by offset), and the pipeline's counters agree with the lake's rows.
 */
final class RunChecks {
  private RunChecks() {}

  static List<RunCheck> pipeline(
      long published, Map<Integer, Long> endOffsets, Map<String, String> fin, RunCheck lake) {
    long onBroker = endOffsets.values().stream().mapToLong(Long::longValue).sum();
    long read = PipelineProcess.counter(fin, "records_read");
    long valid = PipelineProcess.counter(fin, "trades_valid");
    long dead = PipelineProcess.counter(fin, "dead_letters");
    List<RunCheck> checks = new ArrayList<>();
    checks.add(RunCheck.equal("every published record is on the broker", published, onBroker));
    checks.add(RunCheck.equal("every record on the broker was read", onBroker, read));
    checks.add(lake);
    checks.add(
        RunCheck.equal("every record read is a valid trade or a dead letter", read, valid + dead));
    checks.add(
        RunCheck.equal(
            "every valid trade reached the lake",
            valid,
            PipelineProcess.counter(fin, "lake_rows_trades")));
    checks.add(
        RunCheck.equal(
            "every dead letter reached the lake",
            dead,
            PipelineProcess.counter(fin, "lake_rows_dead_letters")));
    checks.add(
        RunCheck.equal(
            "every price alert reached the lake",
            PipelineProcess.counter(fin, "price_alerts"),
            PipelineProcess.counter(fin, "lake_rows_price_alerts")));
    return checks;
  }

  /** Prints the checks as a table; true when none failed ({@code n/a} is not a failure). */
  static boolean print(Console console, String source, List<RunCheck> checks) {
    boolean ok = true;
    boolean someNotApplicable =
        checks.stream().anyMatch(c -> c.status() == RunCheck.Status.NOT_APPLICABLE);
    console.println("");
    console.println(
        "checks (source: "
            + source
            + (someNotApplicable
                ? "; n/a: does not apply to this source, with why and what was seen"
                : "")
            + ")");
    for (RunCheck c : checks) {
      console.printf("  %-8s %-51s %s%n", c.status().label, c.what(), c.detail());
      ok &= !c.failed();
    }
    console.println("");
    return ok;
  }
}
