package dev.cryptostream.contracts;

/**
 * The regular expressions of the published schemas, as the schemas spell them. The pipeline's
 * parsers match with these very strings, and a test checks that every {@code pattern} in the schema
 * files is one of them, so the schemas and the parsers cannot drift apart.
 *
 * <p>Written in the common subset of ECMA-262 (the dialect JSON Schema names) and java.util.regex,
 * anchored at both ends. They end with {@link #END} instead of {@code $}: in JDK regexes (which
 * JDK-based validators use, with {@code find()}), {@code $} also matches before a final line break,
 * so {@code "binance\n"} would pass.
 */
public final class ContractPatterns {
  /** "Nothing follows": the end of the input in both dialects. */
  public static final String END = "(?![\\s\\S])";

  /** At most 20 digits before the point and 18 after: DECIMAL(38,18), counted as written. */
  public static final String DIGITS = "[0-9]{1,20}(?:\\.[0-9]{1,18})?";

  public static final String EXCHANGE = "^[a-z][a-z0-9_]{1,31}" + END;
  public static final String SYMBOL = "^[A-Z0-9]{1,16}-[A-Z0-9]{1,16}" + END;

  /** A decimal above zero: the digits, and not only zeros and a point. */
  public static final String POSITIVE_DECIMAL = "^(?![0.]*" + END + ")" + DIGITS + END;

  public static final String NON_NEGATIVE_DECIMAL = "^" + DIGITS + END;
  public static final String SIGNED_DECIMAL = "^-?" + DIGITS + END;

  /**
   * RFC 3339 in UTC with exactly six fraction digits, upper-case T and Z, no leap second (the
   * pipeline's timestamps cannot hold one). Impossible days (Feb 30) are left to format: date-time.
   */
  public static final String TIMESTAMP_MICROS_UTC =
      "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
          + "\\.[0-9]{6}Z"
          + END;

  public static final String COIN_ID = "^[a-z0-9][a-z0-9._-]{0,99}" + END;
  public static final String CURRENCY = "^[a-z0-9]{2,16}" + END;

  /** trade_id length in Unicode code points, as JSON Schema counts maxLength. */
  public static final int MAX_TRADE_ID_CODE_POINTS = 128;

  private ContractPatterns() {}
}
