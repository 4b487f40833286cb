package dev.cryptostream.producers.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** A limit that may be switched off: a duration, or {@code none} ({@code limit} null). */
public record DurationOrNone(Duration limit) {

  /** Reads {@code none} (any case) or a duration as {@link DurationConverter} does. */
  public static final class Converter implements ITypeConverter<DurationOrNone> {
    @Override
    public DurationOrNone convert(String value) {
      return new DurationOrNone(
          value.trim().equalsIgnoreCase("none") ? null : new DurationConverter().convert(value));
    }
  }
}
