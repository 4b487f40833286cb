package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The BigQuery sink: where the four tables are and how rows are written. */
public interface BigQuerySinkOptions extends PipelineOptions {
  /** How rows reach BigQuery through the Storage Write API. */
  enum WriteMethod {
    /** Committed streams per bundle: no duplicates, rows visible after each triggering period. */
    EXACTLY_ONCE,
    /** The default stream: lower latency and cost, duplicates possible on retries. */
    AT_LEAST_ONCE
  }

  @Description("Project of the BigQuery dataset; defaults to --project.")
  String getBigQueryProject();

  void setBigQueryProject(String value);

  @Description("BigQuery dataset holding the pipeline's tables (required with --sink=bigquery).")
  String getBigQueryDataset();

  void setBigQueryDataset(String value);

  @Description("Table of validated raw trades (partitioned by day on trade_time).")
  @Default.String("raw_trades")
  String getBigQueryTradesTable();

  void setBigQueryTradesTable(String value);

  @Description("Table of candle panes.")
  @Default.String("candles_1m")
  String getBigQueryCandlesTable();

  void setBigQueryCandlesTable(String value);

  @Description("Table of price-drop alerts.")
  @Default.String("price_alerts")
  String getBigQueryAlertsTable();

  void setBigQueryAlertsTable(String value);

  @Description("Table of CoinGecko price snapshots (with --priceTopics).")
  @Default.String("price_snapshots")
  String getBigQueryPriceSnapshotsTable();

  void setBigQueryPriceSnapshotsTable(String value);

  @Description("Table of dead letters (parse, validation and sink rejections).")
  @Default.String("dead_letters")
  String getBigQueryDeadLettersTable();

  void setBigQueryDeadLettersTable(String value);

  @Description(
      "EXACTLY_ONCE (Storage Write API committed streams) or AT_LEAST_ONCE (default stream).")
  @Default.Enum("EXACTLY_ONCE")
  WriteMethod getBigQueryWriteMethod();

  void setBigQueryWriteMethod(WriteMethod value);

  @Description("EXACTLY_ONCE only: how often appended rows are committed (ISO-8601 duration).")
  @Default.String("PT5S")
  String getBigQueryTriggeringFrequency();

  void setBigQueryTriggeringFrequency(String value);

  @Description("EXACTLY_ONCE only: write streams per table; 0 lets the runner auto-shard.")
  @Default.Integer(0)
  Integer getBigQueryStreamCount();

  void setBigQueryStreamCount(Integer value);

  @Description(
      "Create missing tables from the schema files (day partitions, clustering). Set false when "
          + "Terraform owns the tables.")
  @Default.Boolean(true)
  Boolean getBigQueryCreateTables();

  void setBigQueryCreateTables(Boolean value);
}
