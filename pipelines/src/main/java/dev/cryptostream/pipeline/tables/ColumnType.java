package dev.cryptostream.pipeline.tables;

/**
 * The column types our tables use, named as in BigQuery. Each has one Java value type that row
 * builders must supply, so the lake and BigQuery writers convert from the same values.
 */
public enum ColumnType {
  /** {@link String}. */
  STRING,
  /** {@link Long} (an {@link Integer} is accepted and widened). */
  INT64,
  /** {@link Double}. */
  FLOAT64,
  /** {@link Boolean}. */
  BOOLEAN,
  /** {@link Long}: microseconds since the epoch, UTC. */
  TIMESTAMP,
  /** {@link java.math.BigDecimal}, stored as DECIMAL(38,18) (BIGNUMERIC(38,18) in BigQuery). */
  BIGNUMERIC
}
