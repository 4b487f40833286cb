package dev.cryptostream.producers.net;

import org.slf4j.Logger;

/**
 * A periodic task's body that outlives its own failures. A {@code ScheduledExecutorService} cancels
 * a fixed-rate task for good at the first exception it throws and tells nobody: the connection
 * watchdog or the status lines would stop while the process goes on as if they ran.
 */
public final class SurvivingTask {
  private SurvivingTask() {}

  /** {@code body}, whose runtime failures are logged with {@code what} and do not end the task. */
  public static Runnable of(String what, Logger log, Runnable body) {
    return () -> {
      try {
        body.run();
      } catch (RuntimeException e) {
        log.warn("{} failed; it runs again next period", what, e);
      }
    };
  }
}
