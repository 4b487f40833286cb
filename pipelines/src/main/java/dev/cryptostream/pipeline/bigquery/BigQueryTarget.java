package dev.cryptostream.pipeline.bigquery;

import dev.cryptostream.pipeline.options.BigQuerySinkOptions;
import dev.cryptostream.pipeline.options.OptionValues;
import java.io.Serializable;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Where and how the BigQuery sink writes, resolved and checked once from the options.
 *
 * @param testServices Beam's fake BigQuery services in tests; null in production
 */
public record BigQueryTarget(
    String project,
    String dataset,
    BigQuerySinkOptions.WriteMethod method,
    Duration triggeringFrequency,
    int streamCount,
    boolean createTables,
    @Nullable BigQueryServices testServices)
    implements Serializable {

  public BigQueryTarget {
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("--sink=bigquery needs --bigQueryProject or --project");
    }
    if (dataset == null || !dataset.matches("[A-Za-z0-9_]{1,1024}")) {
      throw new IllegalArgumentException(
          "--sink=bigquery needs --bigQueryDataset (letters, digits and underscores)");
    }
    if (triggeringFrequency.getMillis() <= 0) {
      throw new IllegalArgumentException("--bigQueryTriggeringFrequency must be positive");
    }
    if (streamCount < 0) {
      throw new IllegalArgumentException("--bigQueryStreamCount must be 0 (auto-sharding) or more");
    }
  }

  public static BigQueryTarget fromOptions(
      BigQuerySinkOptions o, @Nullable BigQueryServices testServices) {
    String project =
        o.getBigQueryProject() != null
            ? o.getBigQueryProject()
            : o.as(GcpOptions.class).getProject();
    return new BigQueryTarget(
        project,
        o.getBigQueryDataset(),
        o.getBigQueryWriteMethod(),
        OptionValues.jodaDuration(
            "bigQueryTriggeringFrequency", o.getBigQueryTriggeringFrequency()),
        o.getBigQueryStreamCount(),
        o.getBigQueryCreateTables(),
        testServices);
  }

  /** project:dataset.table, validated as a BigQuery table id. */
  public String tableSpec(String table) {
    if (!table.matches("[A-Za-z0-9_]{1,1024}")) {
      throw new IllegalArgumentException("invalid BigQuery table name: " + table);
    }
    return project + ":" + dataset + "." + table;
  }
}
