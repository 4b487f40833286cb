"""Renders the `prod` (BigQuery) target without credentials and parses every compiled model and
test with sqlfluff's BigQuery dialect, once as a first build and once as an incremental run.

`dbt parse --target prod` only checks Jinja and YAML; this renders the BigQuery side of every
dispatched macro and the incremental branches, which is as far as one can get without a
BigQuery project. Google credentials and relation look-ups are replaced in-process (nothing
connects to Google): "no relation exists" for the first build, "every relation exists as a
table" for the incremental run.

Usage (from dbt/): .venv/bin/python scripts/check_bigquery_sql.py
Exits non-zero if compilation fails, a statement does not parse, or a DuckDB-only construct
is left in the BigQuery SQL.
"""

import pathlib
import sys
import tempfile

import google.auth
from google.auth.credentials import AnonymousCredentials

# Before dbt's BigQuery modules are imported: they bind google.auth.default at import time.
google.auth.default = lambda *args, **kwargs: (AnonymousCredentials(), "offline-project")

import sqlfluff  # noqa: E402
from dbt.adapters.bigquery.impl import BigQueryAdapter  # noqa: E402
from dbt.adapters.bigquery.relation import BigQueryRelation  # noqa: E402
from dbt.cli.main import dbtRunner  # noqa: E402
from sqlfluff.api.simple import APIParsingError  # noqa: E402

BigQueryAdapter.list_relations_without_caching = lambda self, schema_relation: []


def existing_table(self, database, schema, identifier):
    return BigQueryRelation.create(database=database, schema=schema, identifier=identifier, type="table")


def compile_into(target_path: pathlib.Path) -> list[pathlib.Path]:
    result = dbtRunner().invoke(
        [
            "compile",
            "--profiles-dir",
            ".",
            "--target",
            "prod",
            "--no-populate-cache",
            "--no-partial-parse",
            "--quiet",
            "--target-path",
            str(target_path),
        ]
    )
    if not result.success:
        sys.exit(f"dbt compile for prod failed: {result.exception}")
    return sorted((target_path / "compiled").rglob("*.sql"))


# sqlfluff's BigQuery grammar is lenient (it accepts `::` and any function name), so the DuckDB
# spellings this project's macros dispatch away are also looked for literally.
DUCKDB_ONLY = [
    "::",
    "timestamptz",
    "epoch_us(",
    "make_timestamptz(",
    "quantile_cont(",
    "generate_series(",
    "isodow(",
    "hugeint",
    "decimal(38",
    "try_cast(",
    "read_parquet(",
    "regexp_full_match(",
    "interval (",
    " // ",
]


def problems(files: list[pathlib.Path]) -> list[str]:
    failures = []
    for path in files:
        sql = path.read_text()
        try:
            sqlfluff.parse(sql, dialect="bigquery")
        except APIParsingError as error:
            failures.append(f"{path}: {error}")
        code = "\n".join(line.split("--")[0] for line in sql.splitlines())
        failures += [f"{path}: DuckDB-only `{token}`" for token in DUCKDB_ONLY if token in code.lower()]
    return failures


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, get_relation in [
            ("first build", lambda self, database, schema, identifier: None),
            ("incremental run", existing_table),
        ]:
            BigQueryAdapter.get_relation = get_relation
            files = compile_into(pathlib.Path(tmp) / label.replace(" ", "-"))
            bad = problems(files)
            print(f"{label}: {len(files)} compiled statements, {len(bad)} problems")
            failures += bad
    print("\n".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
