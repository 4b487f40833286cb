package dev.cryptostream.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs dbt from the project's virtualenv against the local DuckDB target. */
public final class DbtRunner {
  /** What a dbt invocation printed and how it ended. */
  public record Result(int exitCode, String summaryLine, Path log) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final Path projectDir;
  private final Path dbtExecutable;

  public DbtRunner(Path projectDir, Path dbtExecutable) {
    this.projectDir = projectDir;
    this.dbtExecutable = dbtExecutable;
  }

  /** The default layout: {@code <repo>/dbt} with its virtualenv in {@code dbt/.venv}. */
  public static DbtRunner forRepo(Path repoRoot) {
    Path project = repoRoot.resolve("dbt");
    return new DbtRunner(project, project.resolve(".venv/bin/dbt"));
  }

  public boolean installed() {
    return Files.isExecutable(dbtExecutable);
  }

  /**
   * Runs {@code dbt <args>} on the local target over the given lake and warehouse file, writing its
   * output to {@code log} and returning the "Done. PASS=..." line.
   */
  public Result run(List<String> args, Path lake, Path warehouse, Path log)
      throws IOException, InterruptedException {
    if (!installed()) {
      throw new IllegalStateException(
          "dbt is not installed at " + dbtExecutable + ": run `make setup` (creates dbt/.venv)");
    }
    List<String> command = new ArrayList<>();
    command.add(dbtExecutable.toString());
    command.addAll(args);
    command.addAll(
        List.of(
            "--project-dir",
            projectDir.toString(),
            "--profiles-dir",
            projectDir.toString(),
            "--target",
            "local"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("LAKE_PATH", lake.toAbsolutePath().toString());
    env.put("DUCKDB_PATH", warehouse.toAbsolutePath().toString());
    env.put("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
    env.put("DO_NOT_TRACK", "1");
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p = pb.start();
    String summary = "";
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.newLine();
        if (line.contains("Done. PASS=") || line.contains("Completed with")) {
          summary = line.replaceAll("^\\S+\\s+", "").trim();
        }
      }
    }
    return new Result(p.waitFor(), summary, log);
  }
}
