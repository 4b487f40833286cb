package dev.cryptostream.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes {@link TradeEvent}s as contract JSON.
 *
 * <p>Hand-written rather than Jackson: the schema is flat and fixed, the simulator writes hundreds
 * of thousands of events a second, and this module must stay free of dependencies.
 */
public final class TradeEventJson {
  /** RFC 3339 UTC with exactly six fractional digits, as the schema requires. */
  public static final DateTimeFormatter MICROS_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private TradeEventJson() {}

  public static String toJson(TradeEvent e) {
    return new String(toJsonBytes(e), StandardCharsets.UTF_8);
  }

  /**
   * The event as UTF-8 bytes, identical to {@code toJson(e).getBytes(UTF_8)} but written straight
   * into a byte array: the simulator renders every record this way, and building a String first and
   * encoding it again was a third of its CPU time.
   */
  public static byte[] toJsonBytes(TradeEvent e) {
    AsciiBuffer b = new AsciiBuffer(256);
    b.ascii("{\"schema_version\":").digits(TradeEvent.SCHEMA_VERSION);
    b.ascii(",\"exchange\":").quoted(e.exchange());
    b.ascii(",\"symbol\":").quoted(e.symbol());
    b.ascii(",\"trade_id\":").quoted(e.tradeId());
    b.ascii(",\"price\":").quoted(e.price().toPlainString());
    b.ascii(",\"quantity\":").quoted(e.quantity().toPlainString());
    b.ascii(",\"side\":").quoted(e.side().wire());
    b.ascii(",\"trade_time\":\"");
    appendTime(b, e.tradeTime());
    b.ascii("\",\"received_at\":\"");
    appendTime(b, e.receivedAt());
    b.ascii("\",\"source\":").quoted(e.source().wire());
    return b.ascii("}").toByteArray();
  }

  public static String formatTime(Instant t) {
    AsciiBuffer b = new AsciiBuffer(27);
    appendTime(b, t);
    return new String(b.toByteArray(), StandardCharsets.US_ASCII);
  }

  /**
   * The date and time up to the seconds of one epoch second, as written; immutable, so safe to
   * share.
   */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed, only read
  private record SecondPrefix(long epochSecond, byte[] text) {}

  // Consecutive events mostly fall in the same second: formatting that prefix once per second
  // instead of once per event removes most of the date-time formatting cost.
  private static volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, new byte[0]);

  private static void appendTime(AsciiBuffer b, Instant t) {
    long second = t.getEpochSecond();
    SecondPrefix prefix = lastSecond;
    if (prefix.epochSecond() != second) {
      String full = MICROS_UTC.format(Instant.ofEpochSecond(second));
      if (full.length()
          != 27) { // years beyond 0..9999 carry a sign: keep the formatter's exact output
        b.ascii(MICROS_UTC.format(t.truncatedTo(ChronoUnit.MICROS)));
        return;
      }
      prefix = new SecondPrefix(second, full.substring(0, 20).getBytes(StandardCharsets.US_ASCII));
      lastSecond = prefix;
    }
    b.bytes(prefix.text()).fixedDigits(t.getNano() / 1_000, 6).ascii("Z");
  }

  /** A growable byte array for text that is ASCII except inside quoted values. */
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): see quoted()
  private static final class AsciiBuffer {
    private byte[] buf;
    private int len;

    AsciiBuffer(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    /** Appends text known to be ASCII (names, digits, decimal strings, wire values). */
    AsciiBuffer ascii(String s) {
      int n = s.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[len++] = (byte) s.charAt(i);
      }
      return this;
    }

    AsciiBuffer bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    AsciiBuffer digits(int v) {
      return ascii(Integer.toString(v));
    }

    /** {@code value} as exactly {@code width} digits, zero-padded on the left. */
    AsciiBuffer fixedDigits(int value, int width) {
      ensure(width);
      for (int i = width - 1; i >= 0; i--) {
        buf[len + i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      len += width;
      return this;
    }

    /** A JSON string literal; plain ASCII is copied, anything else goes through appendQuoted. */
    AsciiBuffer quoted(String value) {
      int n = value.length();
      for (int i = 0; i < n; i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          StringBuilder sb = new StringBuilder(n + 8);
          appendQuoted(sb, value);
          return bytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      ensure(n + 2);
      buf[len++] = '"';
      // Every char is printable ASCII (checked above), so copying the low bytes is exact.
      value.getBytes(0, n, buf, len);
      len += n;
      buf[len++] = '"';
      return this;
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, len);
    }
  }

  /**
   * Appends a JSON string literal, escaping quotes, backslashes, control characters and unpaired
   * surrogates.
   */
  public static void appendQuoted(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || isUnpairedSurrogate(value, i)) {
            // An unpaired surrogate is escaped, not encoded: UTF-8 has no bytes for it and
            // String.getBytes would write '?', so two ids could collide. Consumers reject it.
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Whether the char at {@code i} is a surrogate that is not half of a well-formed pair. */
  private static boolean isUnpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }
}
