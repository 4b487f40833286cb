package dev.cryptostream.producers.live;

import dev.cryptostream.producers.cli.ParsedBy;
import picocli.CommandLine.Option;

/**
 * {@code --time-unit ms|us}: Binance's timeUnit=MICROSECOND stream option; no other venue has it.
 */
public final class TimeUnitOption {
  @Option(
      names = "--time-unit",
      paramLabel = "ms|us",
      defaultValue = "ms",
      converter = UnitName.class,
      description =
          "Binance only: us for trade times in microseconds, as the stream sends them with"
              + " timeUnit=MICROSECOND (default: ${DEFAULT-VALUE}).")
  private String unit;

  /** Whether {@code venue}'s trade times are read as microseconds; refused for other venues. */
  public boolean microseconds(String venue) {
    if (!unit.equals("us")) {
      return false;
    }
    if (!venue.equals("binance")) {
      throw new IllegalArgumentException(
          "--time-unit us is a Binance stream option; " + venue + " has no such option");
    }
    return true;
  }

  /** {@code ms} or {@code us}. */
  public static final class UnitName extends ParsedBy<String> {
    @Override
    protected String parse(String value) {
      if (!value.equals("ms") && !value.equals("us")) {
        throw new IllegalArgumentException("must be ms or us, got '" + value + "'");
      }
      return value;
    }
  }
}
