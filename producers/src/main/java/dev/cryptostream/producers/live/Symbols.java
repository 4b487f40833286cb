package dev.cryptostream.producers.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Canonical BASE-QUOTE symbols and their venue spellings. */
public final class Symbols {
  /** The contract's symbol pattern. */
  public static final Pattern CANONICAL = Pattern.compile("^[A-Z0-9]{1,16}-[A-Z0-9]{1,16}$");

  private final Map<String, String> canonicalByVenue = new HashMap<>();

  /** @param toVenue the venue's spelling of a canonical symbol, as it appears in the venue's frames */
  public Symbols(List<String> canonical, UnaryOperator<String> toVenue) {
    for (String c : canonical) {
      canonicalByVenue.put(toVenue.apply(c), c);
    }
  }

  /** The canonical symbol of a venue spelling seen in a frame, or a FrameException for one we never asked for. */
  public String canonical(String venueSymbol) throws FrameException {
    String c = canonicalByVenue.get(venueSymbol);
    if (c == null) {
      throw new FrameException("unknown symbol '" + venueSymbol + "'");
    }
    return c;
  }

  public static String base(String canonical) {
    return canonical.substring(0, canonical.indexOf('-'));
  }

  public static String quote(String canonical) {
    return canonical.substring(canonical.indexOf('-') + 1);
  }

  /** Parses BTC-USDT,ETH-USDT: upper case, no duplicates, each matching BASE-QUOTE. */
  public static List<String> parseList(String text) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String s = part.trim();
      if (!CANONICAL.matcher(s).matches()) {
        throw new IllegalArgumentException(
            "bad symbol '" + s + "': expected BASE-QUOTE in upper case, such as BTC-USDT");
      }
      out.add(s);
    }
    return new ArrayList<>(out);
  }
}
