package dev.cryptostream.pipeline.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The members of a JSON object written the way producers write events, found by hand in one pass
 * over its bytes: ASCII, one level deep, no escapes, every value a string, a number, true, false or
 * null. Every record is read twice on the hot path (the watermark's trade-time scan, then the
 * parser), and Jackson's tokenizer with the parser's tree was most of that cost.
 *
 * <p>It never judges a value: anything outside that form (a byte above 0x7F, a backslash or control
 * character in a string, a nested object or array, a number over {@value #MAX_NUMBER} characters, a
 * value over {@value #MAX_BYTES} bytes, or text that is not JSON at all) is "not plain" ({@link
 * #read} returns null), and the caller reads the value with Jackson, which then decides. What
 * {@link #read} accepts is valid JSON that Jackson reads to the same members: the tests hold both
 * readers to that on generated near-misses.
 */
public final class PlainJsonObject {
  /** Larger values go to Jackson, whose length limits then apply as before. */
  static final int MAX_BYTES = 64 * 1024;

  /** Jackson limits a number to 1,000 characters; any number this long goes to Jackson. */
  static final int MAX_NUMBER = 100;

  /** What a member's value is. */
  public enum Kind {
    STRING,
    NUMBER,
    LITERAL
  }

  private static final Kind[] KINDS = Kind.values();
  private static final int SPAN = 5; // name start, name end, value start, value end, kind

  private final byte[] json;
  private int[] spans = new int[SPAN * 12];
  private int size;

  private PlainJsonObject(byte[] json) {
    this.json = json;
  }

  /** The object's members, or null when {@code json} is not a plain object (see above). */
  public static @Nullable PlainJsonObject read(byte[] json) {
    if (json.length > MAX_BYTES) {
      return null;
    }
    PlainJsonObject object = new PlainJsonObject(json);
    return object.parse() ? object : null;
  }

  /** How many members, duplicates included. */
  public int size() {
    return size;
  }

  public Kind kind(int member) {
    return KINDS[spans[member * SPAN + 4]];
  }

  /** Whether the member's name is {@code name} (ASCII bytes). */
  public boolean nameIs(int member, byte[] name) {
    return rangeIs(spans[member * SPAN], spans[member * SPAN + 1], name);
  }

  /** Whether the member's value, as written (without a string's quotes), is {@code text}. */
  public boolean valueIs(int member, byte[] text) {
    return rangeIs(spans[member * SPAN + 2], spans[member * SPAN + 3], text);
  }

  /** The member's name (it has no escapes, so as written). */
  public String name(int member) {
    return latin1(spans[member * SPAN], spans[member * SPAN + 1]);
  }

  /** The member's value as written, without a string's quotes: its text, as it has no escapes. */
  public String text(int member) {
    return latin1(spans[member * SPAN + 2], spans[member * SPAN + 3]);
  }

  /** ASCII bytes are the same characters in Latin-1, whose decoding is a plain copy. */
  private String latin1(int from, int to) {
    return new String(json, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** The index of {@code names} the member's name is, or -1. */
  public int nameIndex(int member, byte[][] names) {
    for (int i = 0; i < names.length; i++) {
      if (nameIs(member, names[i])) {
        return i;
      }
    }
    return -1;
  }

  /** ASCII bytes of a name or value to look for. */
  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private boolean rangeIs(int from, int to, byte[] text) {
    return to - from == text.length && Arrays.equals(json, from, to, text, 0, text.length);
  }

  private boolean parse() {
    int n = json.length;
    int i = whitespace(0);
    if (i >= n || json[i] != '{') {
      return false;
    }
    i = whitespace(i + 1);
    if (i < n && json[i] == '}') {
      return whitespace(i + 1) == n;
    }
    while (true) {
      if (i >= n || json[i] != '"') {
        return false;
      }
      int nameEnd = stringEnd(i + 1);
      if (nameEnd < 0) {
        return false;
      }
      int nameStart = i + 1;
      i = whitespace(nameEnd + 1);
      if (i >= n || json[i] != ':') {
        return false;
      }
      i = whitespace(i + 1);
      if (i >= n) {
        return false;
      }
      int valueStart;
      int valueEnd;
      Kind kind;
      byte b = json[i];
      if (b == '"') {
        valueStart = i + 1;
        valueEnd = stringEnd(valueStart);
        if (valueEnd < 0) {
          return false;
        }
        kind = Kind.STRING;
        i = valueEnd + 1;
      } else if (b == '-' || (b >= '0' && b <= '9')) {
        valueStart = i;
        valueEnd = numberEnd(i);
        if (valueEnd < 0 || valueEnd - valueStart > MAX_NUMBER) {
          return false;
        }
        kind = Kind.NUMBER;
        i = valueEnd;
      } else {
        valueStart = i;
        valueEnd = literalEnd(i);
        if (valueEnd < 0) {
          return false;
        }
        kind = Kind.LITERAL;
        i = valueEnd;
      }
      add(nameStart, nameEnd, valueStart, valueEnd, kind);
      i = whitespace(i);
      if (i >= n) {
        return false;
      }
      if (json[i] == ',') {
        i = whitespace(i + 1);
      } else if (json[i] == '}') {
        return whitespace(i + 1) == n;
      } else {
        return false;
      }
    }
  }

  private void add(int nameStart, int nameEnd, int valueStart, int valueEnd, Kind kind) {
    if ((size + 1) * SPAN > spans.length) {
      spans = Arrays.copyOf(spans, spans.length * 2);
    }
    int at = size * SPAN;
    spans[at] = nameStart;
    spans[at + 1] = nameEnd;
    spans[at + 2] = valueStart;
    spans[at + 3] = valueEnd;
    spans[at + 4] = kind.ordinal();
    size++;
  }

  /** Past JSON's four whitespace characters from {@code i}. */
  private int whitespace(int i) {
    while (i < json.length) {
      byte b = json[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * The closing quote of a string whose text starts at {@code from}, or -1 when the string has an
   * escape, a control character or a non-ASCII byte (Jackson's to read) or no end.
   */
  private int stringEnd(int from) {
    for (int i = from; i < json.length; i++) {
      byte b = json[i];
      if (b == '"') {
        return i;
      }
      if (b < 0x20 || b == '\\') { // bytes above 0x7F are negative
        return -1;
      }
    }
    return -1;
  }

  /** The end of a number in JSON's grammar starting at {@code from}, or -1. */
  private int numberEnd(int from) {
    int i = from;
    if (json[i] == '-') {
      i++;
    }
    if (i >= json.length) {
      return -1;
    }
    if (json[i] == '0') {
      i++;
    } else if (json[i] >= '1' && json[i] <= '9') {
      i = digits(i);
    } else {
      return -1;
    }
    if (i < json.length && json[i] == '.') {
      int end = digits(i + 1);
      if (end == i + 1) {
        return -1;
      }
      i = end;
    }
    if (i < json.length && (json[i] == 'e' || json[i] == 'E')) {
      i++;
      if (i < json.length && (json[i] == '+' || json[i] == '-')) {
        i++;
      }
      int end = digits(i);
      if (end == i) {
        return -1;
      }
      i = end;
    }
    return i;
  }

  private int digits(int from) {
    int i = from;
    while (i < json.length && json[i] >= '0' && json[i] <= '9') {
      i++;
    }
    return i;
  }

  private static final byte[][] LITERALS = {ascii("true"), ascii("false"), ascii("null")};

  /** The end of true, false or null at {@code from}, or -1. */
  private int literalEnd(int from) {
    for (byte[] literal : LITERALS) {
      int end = from + literal.length;
      if (end <= json.length && Arrays.equals(json, from, end, literal, 0, literal.length)) {
        return end;
      }
    }
    return -1;
  }
}
