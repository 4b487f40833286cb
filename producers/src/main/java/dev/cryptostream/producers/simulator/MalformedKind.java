package dev.cryptostream.producers.simulator;

import java.nio.charset.StandardCharsets;

/**
 * Kinds of bad records the simulator injects, each built from a valid event so that exactly one
 * thing is wrong. {@link #expectedReason} is the pipeline's dead-letter reason code for it.
 */
public enum MalformedKind {
  TRUNCATED_JSON("MALFORMED_JSON"),
  MISSING_PRICE("MISSING_FIELD"),
  PRICE_AS_NUMBER("WRONG_TYPE"),
  COMMA_DECIMAL("BAD_DECIMAL"),
  NEGATIVE_PRICE("NON_POSITIVE_PRICE"),
  ZERO_QUANTITY("NON_POSITIVE_QUANTITY"),
  UNKNOWN_SIDE("UNKNOWN_SIDE"),
  FUTURE_SCHEMA_VERSION("UNSUPPORTED_SCHEMA_VERSION"),
  BAD_TIMESTAMP("BAD_TIMESTAMP"),
  UNDASHED_SYMBOL("BAD_SYMBOL"),
  NOT_UTF8("NOT_UTF8");

  private final String expectedReason;

  MalformedKind(String expectedReason) {
    this.expectedReason = expectedReason;
  }

  public String expectedReason() {
    return expectedReason;
  }

  /** Damages a valid contract JSON event in this kind's way. */
  public byte[] corrupt(String validJson, String price) {
    String json =
        switch (this) {
          case TRUNCATED_JSON -> validJson.substring(0, validJson.length() / 2);
          case MISSING_PRICE -> validJson.replace("\"price\":\"" + price + "\",", "");
          case PRICE_AS_NUMBER ->
              validJson.replace("\"price\":\"" + price + "\"", "\"price\":" + price);
          case COMMA_DECIMAL ->
              validJson.replace(
                  "\"price\":\"" + price + "\"", "\"price\":\"" + price.replace('.', ',') + "\"");
          case NEGATIVE_PRICE ->
              validJson.replace("\"price\":\"" + price + "\"", "\"price\":\"-" + price + "\"");
          case ZERO_QUANTITY ->
              validJson.replaceFirst("\"quantity\":\"[0-9.]+\"", "\"quantity\":\"0\"");
          case UNKNOWN_SIDE -> validJson.replaceFirst("\"side\":\"[a-z]+\"", "\"side\":\"long\"");
          case FUTURE_SCHEMA_VERSION ->
              validJson.replace("\"schema_version\":1", "\"schema_version\":2");
          case BAD_TIMESTAMP ->
              validJson.replaceFirst("\"trade_time\":\"[^\"]+\"", "\"trade_time\":\"yesterday\"");
          case UNDASHED_SYMBOL ->
              validJson.replaceFirst(
                  "\"symbol\":\"([A-Z0-9]+)-([A-Z0-9]+)\"", "\"symbol\":\"$1$2\"");
          case NOT_UTF8 -> null;
        };
    if (json == null) {
      byte[] valid = validJson.getBytes(StandardCharsets.UTF_8);
      byte[] bad = new byte[valid.length + 2];
      System.arraycopy(valid, 0, bad, 0, valid.length);
      bad[valid.length] = (byte) 0xC3; // a lead byte with no continuation
      bad[valid.length + 1] = (byte) 0x28;
      return bad;
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
