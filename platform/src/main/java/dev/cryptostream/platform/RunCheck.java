package dev.cryptostream.platform;

/**
 * One line of the run's checks: a comparison that held ({@code ok}), did not ({@code MISMATCH}), or
 * does not apply to this run's source ({@code n/a}, with why, and what was seen instead).
 */
record RunCheck(Status status, String what, String detail) {
  enum Status {
    OK("ok"),
    MISMATCH("MISMATCH"),
    NOT_APPLICABLE("n/a");

    final String label;

    Status(String label) {
      this.label = label;
    }
  }

  static RunCheck equal(String what, long expected, long actual) {
    return expected == actual
        ? new RunCheck(Status.OK, what, Long.toString(actual))
        : new RunCheck(Status.MISMATCH, what, "expected " + expected + ", got " + actual);
  }

  static RunCheck atLeast(String what, long minimum, long actual) {
    return actual >= minimum
        ? new RunCheck(Status.OK, what, actual + " (at least " + minimum + ")")
        : new RunCheck(Status.MISMATCH, what, "expected at least " + minimum + ", got " + actual);
  }

  static RunCheck holds(String what, boolean holds, String detail) {
    return new RunCheck(holds ? Status.OK : Status.MISMATCH, what, detail);
  }

  static RunCheck notApplicable(String what, String why) {
    return new RunCheck(Status.NOT_APPLICABLE, what, why);
  }

  boolean failed() {
    return status == Status.MISMATCH;
  }
}
