package dev.cryptostream.pipeline.tables;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One table the pipeline writes, whatever the sink: its columns (from the schema file), how an
 * element becomes column values, and which time partitions it. The lake and BigQuery writers both
 * take an {@code OutputTable}, so a column is added in one place.
 *
 * @param name the table's name; the lake directory may differ ({@code lakeDirectory})
 * @param partitionColumn a TIMESTAMP column: day partitions in BigQuery, dt=/hour= in the lake
 * @param clusterColumns BigQuery clustering, most selective filter first
 * @param lowCardinalityColumns columns with few distinct values in a file (instrument, side,
 *     source, topic): the lake dictionary-encodes these and only these, since a dictionary of
 *     unique ids, prices or times costs more to build than it saves
 */
public record OutputTable<T>(
    String name,
    String lakeDirectory,
    List<Column> columns,
    RowValues<T> rowValues,
    String partitionColumn,
    List<String> clusterColumns,
    List<String> lowCardinalityColumns)
    implements Serializable {

  /**
   * Element to column values: each put under its column's name, in the types {@link ColumnType}
   * documents; in the schema's column order where possible (others are found by name).
   */
  @FunctionalInterface
  public interface RowValues<T> extends Serializable {
    void of(T element, Row row);
  }

  /** Where an element's column values go, one by one. */
  @FunctionalInterface
  public interface Row {
    void put(String column, @Nullable Object value);
  }

  public OutputTable {
    columns = List.copyOf(columns);
    clusterColumns = List.copyOf(clusterColumns);
    lowCardinalityColumns = List.copyOf(lowCardinalityColumns);
    Column partition = column(columns, partitionColumn);
    if (partition.type() != ColumnType.TIMESTAMP || partition.nullable()) {
      throw new IllegalArgumentException(name + ": partition column must be a required TIMESTAMP");
    }
    for (String c : clusterColumns) {
      column(columns, c);
    }
    for (String c : lowCardinalityColumns) {
      column(columns, c);
    }
  }

  /**
   * Column values of one element in column order (null for a null), checked against the schema
   * (names, nullability, Java types). In order, so writers set values by position; every row of
   * every sink comes through here, so no map is built on the way: values put in the schema's order
   * find their column at once, others by name.
   */
  public Object[] valuesOf(T element) {
    CheckedRow row = new CheckedRow();
    rowValues.of(element, row);
    if (row.given < columns.size()) {
      for (int i = 0; i < columns.size(); i++) {
        if (!row.set[i]) {
          throw new IllegalArgumentException(
              name + ": row has no value for column " + columns.get(i).name());
        }
      }
    }
    return row.values;
  }

  /** Takes the values, each checked against its column. */
  private final class CheckedRow implements Row {
    final Object[] values = new Object[columns.size()];
    final boolean[] set = new boolean[columns.size()];
    int next;
    int given;

    @Override
    public void put(String column, @Nullable Object v) {
      int i =
          next < values.length && columns.get(next).name().equals(column)
              ? next
              : columnIndex(column);
      if (i < 0) {
        throw new IllegalArgumentException(
            name + ": row has columns the schema does not declare: " + column);
      }
      if (set[i]) {
        throw new IllegalArgumentException(name + ": row gives column " + column + " twice");
      }
      Column c = columns.get(i);
      if (v == null && !c.nullable()) {
        throw new IllegalArgumentException(name + "." + c.name() + " is required but null");
      }
      if (v != null && !javaTypeMatches(c.type(), v)) {
        throw new IllegalArgumentException(
            name
                + "."
                + c.name()
                + " expects "
                + c.type()
                + ", got "
                + v.getClass().getSimpleName());
      }
      values[i] = v;
      set[i] = true;
      given++;
      next = i + 1;
    }
  }

  /** The element's values by column name, as given, unchecked: for messages about a bad row. */
  public Map<String, Object> valuesByName(T element) {
    Map<String, Object> values = new LinkedHashMap<>();
    rowValues.of(element, values::put);
    return values;
  }

  private static boolean javaTypeMatches(ColumnType type, Object v) {
    return switch (type) {
      case STRING -> v instanceof String;
      case INT64 -> v instanceof Long || v instanceof Integer;
      case FLOAT64 -> v instanceof Double;
      case BOOLEAN -> v instanceof Boolean;
      case TIMESTAMP -> v instanceof Long;
      case BIGNUMERIC -> v instanceof java.math.BigDecimal;
    };
  }

  /** The position of the column named {@code name}, or -1 when the table has none. */
  public int columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static Column column(List<Column> columns, String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no column " + name));
  }
}
