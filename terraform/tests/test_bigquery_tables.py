"""The BigQuery tables Terraform creates are the pipeline's tables: the same schema files the
pipeline loads, the same DAY partition column and the same clustering as OutputTables.java."""

import json
import re

import pytest
from hcl import REPO, TERRAFORM, java, load, locals_of, resources

MODULE = TERRAFORM / "modules" / "bigquery"
SCHEMA_DIR = REPO / "pipelines" / "src" / "main" / "resources" / "schemas" / "bigquery"
OUTPUT_TABLES = "pipelines/src/main/java/dev/cryptostream/pipeline/tables/OutputTables.java"

_TABLE = re.compile(
    r'new OutputTable<>\( "(?P<name>\w+)", "\w+", TableSchemaFile\.load\("(?P<schema>\w+)"\), '
    r'OutputTables::\w+, "(?P<partition>\w+)", (?P<cluster>\w+|List\.of\([^)]*\))'
    # then the lake's dictionary-encoded columns, which BigQuery does not see
    r", List\.of\([^)]*\)\)"
)


def _string_list(expr: str, constants: dict[str, list[str]]) -> list[str]:
    if expr in constants:
        return constants[expr]
    return re.findall(r'"(\w+)"', expr)


def pipeline_tables(source: str) -> dict[str, dict]:
    """table -> {schema, partition_field, clustering} from OutputTables.java's text."""
    constants = {
        m.group(1): re.findall(r'"(\w+)"', m.group(2))
        for m in re.finditer(r"static final List<String> (\w+) = (List\.of\([^)]*\));", source)
    }
    tables = {}
    for m in _TABLE.finditer(source):
        tables[m.group("name")] = {
            "schema": m.group("schema"),
            "partition_field": m.group("partition"),
            "clustering": _string_list(m.group("cluster"), constants),
        }
    return tables


def mismatches(java_tables: dict, tf_tables: dict) -> list[str]:
    problems = []
    for name in sorted(set(java_tables) | set(tf_tables)):
        j, t = java_tables.get(name), tf_tables.get(name)
        if j is None or t is None:
            problems.append(f"{name}: only in {'terraform' if j is None else 'the pipeline'}")
            continue
        for key in ("partition_field", "clustering"):
            if j[key] != t[key]:
                problems.append(f"{name}.{key}: pipeline {j[key]!r}, terraform {t[key]!r}")
    return problems


@pytest.fixture(scope="module")
def java_tables():
    tables = pipeline_tables(java(OUTPUT_TABLES))
    # Every schema file is a table: a parse that misses one (the constructor changed shape) fails here.
    assert set(tables) == {p.stem for p in SCHEMA_DIR.glob("*.json")}, tables.keys()
    return tables


@pytest.fixture(scope="module")
def table_resource():
    found = [r for r in resources(load(MODULE / "main.tf")) if r[0] == "google_bigquery_table"]
    assert len(found) == 1, "one for_each google_bigquery_table for the pipeline's tables"
    return found[0][2]


def test_partitioning_and_clustering_match_the_pipeline(java_tables):
    tf_tables = locals_of(MODULE)["pipeline_tables"]
    assert mismatches(java_tables, tf_tables) == []


def test_each_table_uses_the_schema_file_named_after_it(java_tables, table_resource):
    assert all(t["schema"] == name for name, t in java_tables.items())
    assert table_resource["for_each"] == "${local.pipeline_tables}"
    assert table_resource["schema"] == '${file("${local.schema_dir}/${each.key}.json")}'
    assert table_resource["clustering"] == "${each.value.clustering}"
    partitioning = table_resource["time_partitioning"]
    partitioning = partitioning[0] if isinstance(partitioning, list) else partitioning
    assert partitioning["field"] == "${each.value.partition_field}"
    # The pipeline creates DAY partitions (WriteBigQueryTable); Terraform must agree.
    writer = java("pipelines/src/main/java/dev/cryptostream/pipeline/bigquery/WriteBigQueryTable.java")
    assert re.findall(r'new TimePartitioning\(\)\.setType\("(\w+)"\)', writer) == [partitioning["type"]]


def test_schema_dir_is_the_directory_the_pipeline_loads(java_tables):
    schema_dir = locals_of(MODULE)["schema_dir"]
    assert schema_dir.startswith("${path.module}/")
    resolved = (MODULE / schema_dir.removeprefix("${path.module}/")).resolve()
    assert resolved == SCHEMA_DIR.resolve()
    loader = java("pipelines/src/main/java/dev/cryptostream/pipeline/tables/TableSchemaFile.java")
    assert 'RESOURCE_DIR = "/schemas/bigquery/"' in loader
    for name in java_tables:
        fields = json.loads((resolved / f"{name}.json").read_text(encoding="utf-8"))
        assert isinstance(fields, list) and fields, name
        columns = {f["name"]: f for f in fields}
        spec = java_tables[name]
        # BigQuery refuses a partition/cluster column the schema lacks; catch it before apply.
        assert columns[spec["partition_field"]]["type"] == "TIMESTAMP"
        assert columns[spec["partition_field"]].get("mode") == "REQUIRED"
        assert all(c in columns for c in spec["clustering"])


def test_a_drift_is_reported():
    source = java(OUTPUT_TABLES)
    tables = pipeline_tables(source)
    drifted = json.loads(json.dumps(tables))
    drifted["raw_trades"]["partition_field"] = "ingest_time"
    drifted["dead_letters"]["clustering"] = ["stage"]
    del drifted["price_snapshots"]
    assert mismatches(tables, drifted) == [
        "dead_letters.clustering: pipeline ['reason_code'], terraform ['stage']",
        "price_snapshots: only in the pipeline",
        "raw_trades.partition_field: pipeline 'trade_time', terraform 'ingest_time'",
    ]


def test_the_java_parser_reads_a_reformatted_definition():
    source = java(OUTPUT_TABLES).replace('"trade_time", BY_INSTRUMENT', '"trade_time", List.of("symbol")')
    assert pipeline_tables(source)["raw_trades"]["clustering"] == ["symbol"]
