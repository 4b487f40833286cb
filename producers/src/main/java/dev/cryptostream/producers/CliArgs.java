package dev.cryptostream.producers;

import dev.cryptostream.producers.cli.DurationConverter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.TypeConversionException;

/**
 * Minimal GNU-style flag parsing ({@code --name value} or {@code --name=value}) that rejects
 * unknown flags and malformed values with messages naming the flag.
 *
 * <p>The producers' own commands parse with picocli ({@link ProducerCli}); only the platform's
 * local-run launcher still uses this class. Delete it with that last use.
 */
public final class CliArgs {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> used = new HashSet<>();

  private CliArgs() {}

  public static CliArgs parse(String[] args, int from, Set<String> booleanFlags) {
    CliArgs parsed = new CliArgs();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() == 2) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String name;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(2, eq);
        value = a.substring(eq + 1);
      } else {
        name = a.substring(2);
        if (booleanFlags.contains(name)) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
      }
      parsed.values.put(name, value);
    }
    return parsed;
  }

  public String string(String name, String fallback) {
    used.add(name);
    return values.getOrDefault(name, fallback);
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(string(name, "false"));
  }

  public double number(String name, double fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
    }
  }

  public long integer(String name, long fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
    }
  }

  /** Durations as ISO-8601 (PT2M) or shorthand: 90s, 2m, 1h, or plain seconds. */
  public Duration duration(String name, Duration fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    return parseDuration(name, v);
  }

  public static Duration parseDuration(String name, String v) {
    try {
      return new DurationConverter().convert(v);
    } catch (TypeConversionException e) {
      throw new IllegalArgumentException("--" + name + " " + e.getMessage());
    }
  }

  /** Fails on flags nobody asked for: a typo must not be silently ignored. */
  public void rejectUnknown() {
    for (String name : values.keySet()) {
      if (!used.contains(name)) {
        throw new IllegalArgumentException("unknown flag --" + name);
      }
    }
  }
}
