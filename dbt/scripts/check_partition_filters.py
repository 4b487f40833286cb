"""Proves that a scheduled (incremental) dbt run on BigQuery reads a bounded number of partitions.

Compiles the `prod` target offline as an incremental run (credentials and relation look-ups
stubbed as in check_bigquery_sql.py), then, for every model, finds the partitioned tables it
reads, directly or through views: the pipeline's raw tables (partition column taken from the
pipeline's own table definitions, pipelines/.../tables/OutputTables.java) and the models that
declare a BigQuery partition_by, and the model's own table when its incremental SQL reads it
(`{{ this }}`: loaded rows carried into the window). Each of their partition columns must be
filtered in the model's
compiled SQL with the constant look-back of recent_partitions() (a constant expression, which is
what BigQuery prunes on). Models that still rebuild from all history are listed in UNBOUNDED with
the reason; the check fails on any other model that lacks the filter, and on a stale entry.

Usage (from dbt/): .venv/bin/python scripts/check_partition_filters.py     (`make test` runs it)
"""

import json
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import check_bigquery_sql  # noqa: E402  (stubs Google credentials before dbt is imported)
from dbt.adapters.bigquery.impl import BigQueryAdapter  # noqa: E402

OUTPUT_TABLES = pathlib.Path(__file__).resolve().parents[2] / (
    "pipelines/src/main/java/dev/cryptostream/pipeline/tables/OutputTables.java"
)

# Models that still read every partition of a partitioned input on each run, and why (none now:
# the all-time marts add up small unpartitioned daily rollups, int_trades_daily and
# int_dead_letters_daily, which are themselves bounded).
UNBOUNDED: dict[str, str] = {}


def raw_partition_columns() -> dict[str, str]:
    """BigQuery table name -> partition column, from the pipeline's table definitions."""
    text = OUTPUT_TABLES.read_text()
    found = re.findall(
        r'new OutputTable<>\(\s*"(\w+)",\s*"\w+",.*?,\s*"(\w+)",\s*(?:BY_INSTRUMENT|List\.of)', text, re.S
    )
    if len(found) < 5:
        sys.exit(f"could not read the partition columns from {OUTPUT_TABLES}: {found}")
    return dict(found)


# The PARTITION BY list of each window function in a view's SQL.
WINDOW_PARTITION = re.compile(r"\bover\s*\(\s*partition\s+by\s+(.*?)(?:\border\s+by\b|\))", re.I | re.S)


def bounded_filter(column: str) -> re.Pattern:
    return re.compile(rf"\b{column}\s*>=\s*timestamp_trunc\(\s*timestamp_sub\(\s*current_timestamp\(\)", re.I)


def main() -> int:
    raw = raw_partition_columns()
    BigQueryAdapter.get_relation = check_bigquery_sql.existing_table
    with tempfile.TemporaryDirectory() as tmp:
        target = pathlib.Path(tmp) / "incremental"
        check_bigquery_sql.compile_into(target)
        manifest = json.loads((target / "manifest.json").read_text())
        nodes = manifest["nodes"]
        sources = manifest["sources"]

        def compiled_sql(node: dict) -> str:
            return (target / "compiled" / "crypto_stream" / node["original_file_path"]).read_text()

        def partitioned_inputs(node_id: str, through_view: bool = False) -> set[str]:
            """Partition columns of the partitioned tables a node reads (views are looked through).

            A column a view's window function does not partition by comes back as
            "<column> (behind <view>)": a filter outside that view cannot be pushed below the window
            function (it would change which rows the window sees), so it cannot prune that input.
            """
            if node_id in sources:
                column = raw.get(sources[node_id]["identifier"])
                return {column} if column else set()
            node = nodes.get(node_id)
            if node is None:
                return set()
            if through_view and node["config"]["materialized"] not in ("view", "ephemeral"):
                partition = node["config"].get("partition_by") or {}
                return {partition["field"]} if partition.get("field") else set()
            columns = set()
            for parent in node["depends_on"]["nodes"]:
                columns |= partitioned_inputs(parent, through_view=True)
            if through_view:
                windows = WINDOW_PARTITION.findall(compiled_sql(node))
                blocked = {c for c in columns if any(not re.search(rf"\b{c}\b", w) for w in windows)}
                columns = (columns - blocked) | {f"{c} (behind {node['name']})" for c in blocked}
            return columns

        failures, report = [], []
        for node_id, node in sorted(nodes.items()):
            if node["resource_type"] != "model" or node["config"]["materialized"] in ("view", "ephemeral"):
                continue
            name = node["name"]
            columns = partitioned_inputs(node_id)
            compiled = compiled_sql(node)
            own_partition = (node["config"].get("partition_by") or {}).get("field")
            if own_partition and node["relation_name"] in compiled:
                columns.add(own_partition)
            missing = sorted(c for c in columns if " (behind " in c or not bounded_filter(c).search(compiled))
            if not missing:
                report.append(f"  bounded    {name}: {', '.join(sorted(columns)) or 'no partitioned input'}")
                if name in UNBOUNDED:
                    failures.append(f"{name} is bounded now: remove it from UNBOUNDED")
            elif name in UNBOUNDED:
                report.append(f"  UNBOUNDED  {name}: {', '.join(missing)} ({UNBOUNDED[name]})")
            else:
                failures.append(f"{name}: no constant partition filter on {', '.join(missing)}")
        print("incremental run on BigQuery, partitioned inputs per model:")
        print("\n".join(report))
        for failure in failures:
            print("FAIL:", failure)
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
