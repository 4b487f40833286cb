package dev.cryptostream.producers.live;

import dev.cryptostream.producers.cli.CommaList;
import dev.cryptostream.producers.cli.ParsedBy;
import java.util.Locale;

/** Converters for the venue options that {@code live} and {@code replay} share. */
public final class VenueOptions {
  private VenueOptions() {}

  /** A venue name in any case, as lower case. */
  public static final class VenueName extends ParsedBy<String> {
    @Override
    protected String parse(String value) {
      return Venues.known(value.trim().toLowerCase(Locale.ROOT));
    }
  }

  /** Canonical BASE-QUOTE symbols, comma-separated: upper case, duplicates dropped. */
  public static final class SymbolList extends ParsedBy<CommaList<String>> {
    @Override
    protected CommaList<String> parse(String value) {
      return new CommaList<>(Symbols.parseList(value));
    }
  }
}
