package dev.cryptostream.platform;

import java.io.PrintStream;
import java.util.List;
import sun.misc.Signal;

/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into a {@link StopRequest}: the source stops, the
 * pipeline drains, checks, dbt and the summary still run. The JVM's own handling would start the
 * shutdown at once and end the run with nothing reported. A signal that comes once the stop is
 * under way (asked for by a signal or by the source's own end) aborts the run at once.
 *
 * <p>{@code sun.misc.Signal} is the only way a JDK 17 program can keep a signal from starting the
 * shutdown; it lives in the {@code jdk.unsupported} module, which every JDK ships.
 */
final class StopSignals {
  private StopSignals() {}

  static void install(StopRequest stop, PrintStream out) {
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal.handle(
            new Signal(name),
            signal -> onSignal(stop, out, "SIG" + signal.getName(), signal.getNumber()));
      } catch (IllegalArgumentException e) {
        // The platform reserves this signal: it keeps its default effect (the run ends at once).
      }
    }
  }

  private static void onSignal(StopRequest stop, PrintStream out, String name, int number) {
    if (stop.request(name)) {
      out.printf(
          "[local] %s: stopping the source; the pipeline drains, then checks, dbt and the summary"
              + " (send it again to abort)%n",
          name);
    } else {
      out.printf("[local] %s while stopping: aborting%n", name);
      out.flush();
      System.exit(128 + number);
    }
  }
}
