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

  /** Values that put {@code namesAndValues} (name, value, name, value...) in that order. */
  private static OutputTable.RowValues<String> putting(Object... namesAndValues) {
    return (element, row) -> {
      for (int i = 0; i < namesAndValues.length; i += 2) {
        row.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    };
  }

  private static String failure(Object... namesAndValues) {
    return assertThrows(
            IllegalArgumentException.class, () -> table(putting(namesAndValues)).valuesOf("x"))
        .getMessage();
  }

  @Test
  void takesTheValuesInColumnOrder() {
    OutputTable<String> t = table(putting("at", 5L, "note", null, "n", 7));
    assertArrayEquals(new Object[] {5L, null, 7}, t.valuesOf("x"));
    Map<String, Object> byName = new LinkedHashMap<>();
    byName.put("at", 5L);
    byName.put("note", null);
    byName.put("n", 7);
    assertEquals(byName, t.valuesByName("x"));
  }

  @Test
  void placesValuesGivenOutOfOrderByName() {
    assertArrayEquals(
        new Object[] {5L, "late", 7L},
        table(putting("n", 7L, "at", 5L, "note", "late")).valuesOf("x"));
  }

  @Test
  void refusesARowThatDoesNotMatchItsColumns() {
    assertEquals("t: row gives column at twice", failure("at", 5L, "note", "a", "at", 6L));
    assertEquals("t: row has no value for column note", failure("n", 7L, "at", 5L));
    assertEquals(
        "t: row has columns the schema does not declare: extra",
        failure("at", 5L, "note", "a", "n", 7L, "extra", 1L));
    assertEquals("t.n is required but null", failure("at", 5L, "note", "a", "n", null));
    assertEquals("t.at expects TIMESTAMP, got Integer", failure("at", 5));
  }
}
