package dev.cryptostream.pipeline.options;

import java.time.format.DateTimeParseException;
import org.apache.beam.sdk.options.PipelineOptions;

/** Parses option values with errors that name the option, so a bad flag fails before launch. */
public final class OptionValues {
  private OptionValues() {}

  /** An ISO-8601 duration option (PT30S, PT1M, P7D). */
  public static java.time.Duration duration(String option, String value) {
    try {
      return java.time.Duration.parse(value.trim());
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(
          "--"
              + option
              + " must be an ISO-8601 duration such as PT30S, PT1M or P7D, got '"
              + value
              + "'");
    }
  }

  /** The same, as the Joda duration Beam's windowing API takes. */
  public static org.joda.time.Duration jodaDuration(String option, String value) {
    return org.joda.time.Duration.millis(duration(option, value).toMillis());
  }

  /** A comma-separated list option: trimmed items, empty ones dropped; null or blank is empty. */
  public static java.util.List<String> list(String value) {
    if (value == null) {
      return java.util.List.of();
    }
    return java.util.Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** True when the pipeline runs on Beam's DirectRunner (named, so no runner class is loaded). */
  public static boolean onDirectRunner(PipelineOptions o) {
    return o.getRunner() != null && o.getRunner().getSimpleName().equals("DirectRunner");
  }
}
