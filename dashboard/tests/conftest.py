"""Shared fixtures: the warehouse the project's own end-to-end run built, and variants of it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

DASHBOARD = Path(__file__).resolve().parents[1]
REPO = DASHBOARD.parent
sys.path.insert(0, str(DASHBOARD))

# Written by platform's LocalPipelineEndToEndTest during `mvn install` (make test runs it first).
DEFAULT_WAREHOUSE = REPO / ".local-run" / "e2e" / "warehouse.duckdb"
ARTIFACTS = DASHBOARD / "test-artifacts"


def built_warehouse_path() -> Path:
    return Path(os.environ.get("DASHBOARD_E2E_WAREHOUSE", DEFAULT_WAREHOUSE)).resolve()


@pytest.fixture(scope="session")
def built_warehouse() -> Path:
    path = built_warehouse_path()
    if not path.is_file():
        pytest.fail(
            f"no warehouse at {path}. It is built by the project's own end-to-end run "
            "(LocalPipelineEndToEndTest, run by `mvn install` in `make test`); run `make test`, "
            "or point DASHBOARD_E2E_WAREHOUSE at a warehouse `make run` built.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def warehouse_copy(built_warehouse, tmp_path_factory):
    """A writable copy of the built warehouse, changed by `change` (SQL run on the copy)."""

    def make(name: str, *statements: str) -> Path:
        target = tmp_path_factory.mktemp(name) / "warehouse.duckdb"
        shutil.copyfile(built_warehouse, target)
        with duckdb.connect(str(target)) as connection:
            for statement in statements:
                connection.execute(statement)
        return target

    return make


@pytest.fixture(scope="session")
def empty_warehouse(built_warehouse, tmp_path_factory) -> Path:
    """Every mart of the built warehouse, with the same columns and types, and no rows."""
    target = tmp_path_factory.mktemp("empty") / "warehouse.duckdb"
    with duckdb.connect(str(target)) as connection:
        connection.execute(f"attach '{built_warehouse}' as built (read_only)")
        tables = connection.execute(
            "select table_name from duckdb_tables() where database_name = 'built' and schema_name = 'main'"
        ).fetchall()
        assert tables, f"{built_warehouse} has no tables"
        for (table,) in tables:
            connection.execute(
                f'create table main."{table}" as select * from built.main."{table}" where false'
            )
    return target


@pytest.fixture(scope="session")
def bare_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file with no tables at all: the pipeline has not produced anything dbt built."""
    target = tmp_path_factory.mktemp("bare") / "warehouse.duckdb"
    duckdb.connect(str(target)).close()
    return target
