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

  /**
   * @param toVenue the venue's spelling of a canonical symbol, as it appears in the venue's frames
   */
  public Symbols(List<String> canonical, UnaryOperator<String> toVenue) {
    for (String c : canonical) {
      canonicalByVenue.put(toVenue.apply(c), c);
    }
  }

  /**
   * The canonical symbol of a venue spelling seen in a frame, or a FrameException for one we never
   * asked for.
   */
  public String canonical(String venueSymbol) throws FrameException {
    String c = canonicalByVenue.get(venueSymbol);
    if (c == null) {
      throw new FrameException("unknown symbol '" + venueSymbol + "'");
    }
    return c;
  }

  /** The canonical symbol of a venue spelling, or null for one we never asked for. */
  public String canonicalOrNull(String venueSymbol) {
    return canonicalByVenue.get(venueSymbol);
  }

  /**
   * The one canonical symbol whose venue spelling appears in a venue's message as a whole word
   * ("BTC-XYZ is not a valid product"), or null when none or several do.
   */
  public String mentionedIn(String message) {
    String found = null;
    for (Map.Entry<String, String> e : canonicalByVenue.entrySet()) {
      if (containsWord(message, e.getKey())) {
        if (found != null) {
          return null;
        }
        found = e.getValue();
      }
    }
    return found;
  }

  private static boolean containsWord(String text, String word) {
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      int end = i + word.length();
      if ((i == 0 || !symbolChar(text.charAt(i - 1)))
          && (end == text.length() || !symbolChar(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean symbolChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '/';
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
