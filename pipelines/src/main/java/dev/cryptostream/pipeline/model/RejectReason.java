package dev.cryptostream.pipeline.model;

/**
 * Stable reason codes of dead letters. The names are part of the data contract (they are stored in
 * the dead_letters table and counted per reason): add new ones, never rename.
 */
public enum RejectReason {
  /** The Kafka record had no value or an empty one. */
  EMPTY_PAYLOAD,
  /** The value is not valid UTF-8 text. */
  NOT_UTF8,
  /**
   * The value is not one JSON object (syntax, trailing content, nesting beyond 1000 levels, ...).
   */
  MALFORMED_JSON,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (for example a number where the contract says string). */
  WRONG_TYPE,
  /** schema_version is not one this pipeline understands. */
  UNSUPPORTED_SCHEMA_VERSION,
  /** exchange is not a venue id (lower-case letters, digits, underscore). */
  BAD_EXCHANGE,
  /** symbol is not BASE-QUOTE in upper case. */
  BAD_SYMBOL,
  /** trade_id is empty or too long. */
  BAD_TRADE_ID,
  /** price or quantity is not an exact decimal that fits DECIMAL(38,18). */
  BAD_DECIMAL,
  /** side is not buy, sell or unknown. */
  UNKNOWN_SIDE,
  /** source is not one of the contract's sources. */
  UNKNOWN_SOURCE,
  /**
   * A time is not RFC 3339 UTC with exactly six fraction digits and upper-case T/Z, or is no real
   * instant (Feb 30, a leap second).
   */
  BAD_TIMESTAMP,
  /** price is zero or negative. */
  NON_POSITIVE_PRICE,
  /** quantity is zero or negative. */
  NON_POSITIVE_QUANTITY,
  /**
   * quantity or price x quantity is beyond 10^15: window sums of such amounts could overflow the
   * DECIMAL(38,18) columns downstream.
   */
  AMOUNT_OUT_OF_RANGE,
  /** price is outside the configured sanity bounds. */
  PRICE_OUT_OF_BOUNDS,
  /** trade_time is further in the future than the allowed clock skew. */
  TIMESTAMP_IN_FUTURE,
  /** trade_time is older than the configured maximum age. */
  TOO_OLD,
  /** exchange is not in the configured list of known exchanges. */
  UNKNOWN_EXCHANGE,
  /** symbol does not match the configured symbol pattern. */
  UNKNOWN_SYMBOL,
  /** coin_id or vs_currency of a price snapshot is not a CoinGecko id / currency code. */
  BAD_COIN,
  /**
   * A result row could not be converted for its table (for example a sum beyond DECIMAL(38,18)).
   */
  SINK_ROW_INVALID,
  /** The sink refused the row (BigQuery Storage Write API rejection). */
  SINK_WRITE_REJECTED,
  /** A key appears twice in one JSON object (readers would silently keep one of the values). */
  DUPLICATE_FIELD,
  /** The object has a key the contract does not define (additionalProperties: false). */
  UNKNOWN_FIELD,
  /** A string or key holds an unpaired UTF-16 surrogate escape (e.g. \\ud800): not Unicode text. */
  BAD_STRING
}
