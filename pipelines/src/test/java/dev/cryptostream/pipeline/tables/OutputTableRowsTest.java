package dev.cryptostream.pipeline.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An element's values reach the sinks in column order, each checked against its column. */
class OutputTableRowsTest {
  private static OutputTable<String> table(OutputTable.RowValues<String> values) {
    return new OutputTable<>(
        "t",
        "t",
        List.of(
            new Column("at", ColumnType.TIMESTAMP, false, ""),
            new Column("note", ColumnType.STRING, true, ""),
            new Column("n", ColumnType.INT64, false, "")),
        values,
        "at",
        List.of(),
        List.of());
  }

  private static String failure(OutputTable.RowValues<String> values) {
    return assertThrows(IllegalArgumentException.class, () -> table(values).valuesOf("x"))
        .getMessage();
  }

  @Test
  void takesTheValuesInColumnOrder() {
    OutputTable<String> t =
        table(
            (e, row) -> {
              row.put("at", 5L);
              row.put("note", null);
              row.put("n", 7);
            });
    assertArrayEquals(new Object[] {5L, null, 7}, t.valuesOf("x"));
    Map<String, Object> byName = new LinkedHashMap<>();
    byName.put("at", 5L);
    byName.put("note", null);
    byName.put("n", 7);
    assertEquals(byName, t.valuesByName("x"));
  }

  @Test
  void refusesARowThatDoesNotMatchItsColumns() {
    assertEquals(
        "t: column 2 is note, the row gives n",
        failure(
            (e, row) -> {
              row.put("at", 5L);
              row.put("n", 7L);
              row.put("note", "late");
            }));
    assertEquals(
        "t: row has no value for column n",
        failure(
            (e, row) -> {
              row.put("at", 5L);
              row.put("note", "a");
            }));
    assertEquals(
        "t: row has columns the schema does not declare: extra",
        failure(
            (e, row) -> {
              row.put("at", 5L);
              row.put("note", "a");
              row.put("n", 7L);
              row.put("extra", 1L);
            }));
    assertEquals(
        "t.n is required but null",
        failure(
            (e, row) -> {
              row.put("at", 5L);
              row.put("note", "a");
              row.put("n", null);
            }));
    assertEquals("t.at expects TIMESTAMP, got Integer", failure((e, row) -> row.put("at", 5)));
  }
}
