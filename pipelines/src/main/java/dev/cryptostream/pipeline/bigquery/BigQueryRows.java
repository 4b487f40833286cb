package dev.cryptostream.pipeline.bigquery;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import dev.cryptostream.pipeline.tables.Column;
import dev.cryptostream.pipeline.tables.ColumnType;
import dev.cryptostream.pipeline.tables.Decimal38;
import dev.cryptostream.pipeline.tables.OutputTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** An output table in BigQuery's terms: its TableSchema and TableRows. */
public final class BigQueryRows {
  private BigQueryRows() {}

  public static TableSchema schemaOf(OutputTable<?> table) {
    List<TableFieldSchema> fields = new ArrayList<>();
    for (Column c : table.columns()) {
      TableFieldSchema f =
          new TableFieldSchema()
              .setName(c.name())
              .setType(c.type().name())
              .setMode(c.nullable() ? "NULLABLE" : "REQUIRED")
              .setDescription(c.description());
      if (c.type() == ColumnType.BIGNUMERIC) {
        f.setPrecision((long) Decimal38.PRECISION).setScale((long) Decimal38.SCALE);
      }
      fields.add(f);
    }
    return new TableSchema().setFields(fields);
  }

  /**
   * The element as a TableRow. Timestamps stay epoch microseconds (the Storage Write API takes them
   * as such), decimals become plain strings at scale 18 so no precision is lost on the way.
   *
   * @throws IllegalArgumentException or ArithmeticException when the element does not fit
   */
  public static <T> TableRow rowOf(OutputTable<T> table, T element) {
    Object[] values = table.valuesOf(element);
    TableRow row = new TableRow();
    for (int i = 0; i < values.length; i++) {
      Column c = table.columns().get(i);
      Object v = values[i];
      if (v != null) {
        row.set(c.name(), bigQueryValue(c.type(), v));
      }
    }
    return row;
  }

  private static Object bigQueryValue(ColumnType type, Object v) {
    return switch (type) {
      case BIGNUMERIC -> Decimal38.scaled((BigDecimal) v).toPlainString();
      case INT64 -> ((Number) v).longValue();
      default -> v;
    };
  }
}
