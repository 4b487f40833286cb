package dev.cryptostream.producers.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A converter over an existing parser that reports bad input as an IllegalArgumentException with a
 * clear message: picocli then shows that message alone, not a Java exception's description.
 */
public abstract class ParsedBy<T> implements ITypeConverter<T> {
  /** Parses {@code value}; throws IllegalArgumentException saying what is wrong. */
  protected abstract T parse(String value);

  @Override
  public final T convert(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
