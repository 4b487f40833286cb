package dev.cryptostream.producers.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Usage errors found after parsing (combinations of options): exit code 2 like parse errors. */
public final class UsageError {
  private UsageError() {}

  public static ParameterException of(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Runs a validation that throws IllegalArgumentException, reporting it as a usage error. */
  public static <T> T check(CommandSpec spec, java.util.function.Supplier<T> validated) {
    try {
      return validated.get();
    } catch (IllegalArgumentException e) {
      throw of(spec, e.getMessage());
    }
  }
}
