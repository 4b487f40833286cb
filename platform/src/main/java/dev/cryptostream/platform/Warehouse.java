package dev.cryptostream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Read-only SQL over the local DuckDB warehouse or directly over the Parquet lake. */
public final class Warehouse implements AutoCloseable {
  private final Connection connection;

  private Warehouse(Connection connection) {
    this.connection = connection;
  }

  /** Opens the DuckDB file dbt built, read-only. */
  public static Warehouse openReadOnly(Path duckdbFile) throws SQLException {
    Properties props = new Properties();
    props.setProperty("duckdb.read_only", "true");
    return new Warehouse(
        DriverManager.getConnection("jdbc:duckdb:" + duckdbFile.toAbsolutePath(), props));
  }

  /** An in-memory DuckDB, for reading the lake's Parquet files directly. */
  public static Warehouse inMemory() throws SQLException {
    return new Warehouse(DriverManager.getConnection("jdbc:duckdb:"));
  }

  /** The SQL expression reading one lake table (never the writers' temporary files). */
  public static String lakeTable(Path lake, String table) {
    return "read_parquet("
        + lakeFiles(lake, table)
        + ", hive_partitioning = true, union_by_name = true)";
  }

  /** A lake table's written files, below its directory (never the writers' temporary files). */
  private static final String FILES = "dt=*/hour=*/*.parquet";

  /** The quoted glob of one lake table's Parquet files. */
  public static String lakeFiles(Path lake, String table) {
    String glob = lake.toAbsolutePath().resolve(table) + "/" + FILES;
    return "'" + glob.replace("'", "''") + "'";
  }

  /** Whether the table has a file {@link #lakeTable} reads (DuckDB fails on none). */
  public static boolean hasFiles(Path lake, String table) {
    Path dir = lake.resolve(table);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    PathMatcher written = dir.getFileSystem().getPathMatcher("glob:" + FILES);
    try (Stream<Path> files = Files.walk(dir, 3)) {
      return files.anyMatch(f -> written.matches(dir.relativize(f)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir, e);
    }
  }

  /** Runs a query and returns its rows as ordered column → value maps. */
  public List<Map<String, Object>> query(String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
