package dev.cryptostream.producers.coingecko;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for REST responses. Numbers become {@link BigDecimal}s read from their
 * text, so a price such as 67187.3358936566 keeps every digit the API sent (a binary double would
 * not). Objects are {@code Map<String, Object>}, arrays {@code List<Object>}, and JSON null is
 * {@link #NULL} so that "present but null" differs from "absent".
 *
 * <p>Written here rather than pulling Jackson into the producers: one response shape, and the
 * producers' bundled jar stays small.
 */
public final class MiniJson {
  /** JSON null. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** Input that is not one JSON value. The message gives the position, never the input itself. */
  public static final class MalformedJsonException extends Exception {
    MalformedJsonException(String message) {
      super(message);
    }
  }

  private static final int MAX_DEPTH = 64;

  private final String s;
  private int pos;

  private MiniJson(String s) {
    this.s = s;
  }

  public static Object parse(String text) throws MalformedJsonException {
    MiniJson p = new MiniJson(text);
    p.skipSpace();
    Object value = p.value(0);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return value;
  }

  private Object value(int depth) throws MalformedJsonException {
    if (depth > MAX_DEPTH) {
      throw error("nested too deeply");
    }
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character");
      }
    };
  }

  private Map<String, Object> object(int depth) throws MalformedJsonException {
    Map<String, Object> out = new LinkedHashMap<>();
    pos++; // {
    skipSpace();
    if (peek() == '}') {
      pos++;
      return out;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (out.put(name, value(depth + 1)) != null) {
        throw error("duplicate member name");
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws MalformedJsonException {
    List<Object> out = new ArrayList<>();
    pos++; // [
    skipSpace();
    if (peek() == ']') {
      pos++;
      return out;
    }
    while (true) {
      skipSpace();
      out.add(value(depth + 1));
      skipSpace();
      char c = next();
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws MalformedJsonException {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape");
      }
    }
  }

  private BigDecimal number() throws MalformedJsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("bad number");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("bad number");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("bad number");
      }
      digits();
    }
    try {
      return new BigDecimal(s.substring(start, pos));
    } catch (NumberFormatException | ArithmeticException e) { // e.g. an exponent beyond int range
      throw error("number out of range");
    }
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) throws MalformedJsonException {
    if (!s.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
    return value;
  }

  private void skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private char next() throws MalformedJsonException {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    return s.charAt(pos++);
  }

  private void expect(char c) throws MalformedJsonException {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private MalformedJsonException error(String what) {
    return new MalformedJsonException(what + " at offset " + pos);
  }
}
