package dev.cryptostream.pipeline.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a table's columns from its schema file, {@code schemas/bigquery/<table>.json} on the
 * classpath. The files use BigQuery's JSON schema format so that the same file also serves {@code
 * bq mk --schema} and Terraform's {@code google_bigquery_table}; they are the single definition of
 * every output table, lake included.
 */
public final class TableSchemaFile {
  static final String RESOURCE_DIR = "/schemas/bigquery/";

  private TableSchemaFile() {}

  public static List<Column> load(String tableName) {
    String resource = RESOURCE_DIR + tableName + ".json";
    try (InputStream in = TableSchemaFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema file " + resource + " is not on the classpath");
      }
      return parse(resource, new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema file " + resource, e);
    }
  }

  static List<Column> parse(String origin, JsonNode fields) {
    if (!fields.isArray() || fields.isEmpty()) {
      throw new IllegalStateException(origin + ": expected a non-empty JSON array of fields");
    }
    List<Column> columns = new ArrayList<>();
    for (JsonNode f : fields) {
      String name = text(origin, f, "name");
      ColumnType type;
      try {
        type = ColumnType.valueOf(text(origin, f, "type"));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            origin + ": column " + name + " has an unsupported type", e);
      }
      String mode = f.path("mode").asText("NULLABLE");
      if (!mode.equals("REQUIRED") && !mode.equals("NULLABLE")) {
        throw new IllegalStateException(
            origin + ": column " + name + " has unsupported mode " + mode);
      }
      if (type == ColumnType.BIGNUMERIC
          && !(f.path("precision").asText().equals("38")
              && f.path("scale").asText().equals("18"))) {
        // The lake's DECIMAL(38,18) and the pipeline's rounding assume exactly this.
        throw new IllegalStateException(
            origin + ": BIGNUMERIC column " + name + " must be (38,18)");
      }
      columns.add(
          new Column(name, type, mode.equals("NULLABLE"), f.path("description").asText("")));
    }
    return List.copyOf(columns);
  }

  private static String text(String origin, JsonNode f, String field) {
    JsonNode v = f.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalStateException(origin + ": every column needs a \"" + field + "\"");
    }
    return v.asText();
  }
}
