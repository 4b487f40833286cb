"""The query layer: one SQL text per question, run on DuckDB (local) or BigQuery (production).

Queries name tables as `{table_name}` placeholders and parameters as `@name` (BigQuery's
syntax); each backend qualifies the tables and binds the parameters its own way, so the
panels never know which engine answers. Every failure becomes a QueryError whose message is
short and safe to show to a user (no stack trace, no credentials)."""

from __future__ import annotations

import datetime as dt
import decimal
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import pandas as pd

from .config import Settings

_PARAM = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)")
_MISSING_DUCKDB_TABLE = re.compile(r"Table with name (\S+) does not exist")


class QueryError(Exception):
    """A query could not be answered; str(error) says why in one line."""


class MissingTableError(QueryError):
    """The warehouse lacks a mart the query reads (dbt has not built it yet)."""

    def __init__(self, table: str, detail: str):
        super().__init__(f"table {table} does not exist ({detail})")
        self.table = table


class WarehouseUnavailableError(QueryError):
    """The warehouse itself cannot be reached: no file, a lock, no credentials."""


def first_line(error: BaseException) -> str:
    """The first line of an engine's error message (DuckDB appends hints and SQL excerpts)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _to_python_frame(records: list[Mapping[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    return normalise_frame(frame)


def normalise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Exact decimals become floats (charts need floats) and instants become UTC timestamps,
    whichever engine produced them."""
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        sample = column.dropna()
        if sample.empty:
            continue
        first = sample.iloc[0]
        if isinstance(first, decimal.Decimal):
            frame[name] = column.astype(float)
        elif isinstance(first, dt.datetime):
            frame[name] = pd.to_datetime(column, utc=True)
    return frame


class Backend(Protocol):
    description: str

    def table(self, name: str) -> str: ...

    def query(self, sql: str, params: Mapping[str, Any]) -> pd.DataFrame: ...


class DuckDBBackend:
    """Reads the DuckDB file dbt built, read-only, one short connection per query so that a
    `dbt build` can take the file's write lock between refreshes."""

    def __init__(self, path: str):
        self.path = path
        self.description = f"DuckDB {path}"

    def table(self, name: str) -> str:
        return f'main."{name}"'

    def query(self, sql: str, params: Mapping[str, Any]) -> pd.DataFrame:
        import duckdb

        if not os.path.isfile(self.path):
            raise WarehouseUnavailableError(
                f"no DuckDB file at {self.path}: run `make run` (or dbt build) to create it"
            )
        try:
            connection = duckdb.connect(self.path, read_only=True)
        except duckdb.Error as error:
            raise WarehouseUnavailableError(
                f"cannot open {self.path} ({first_line(error)}); a dbt build may be writing it"
            ) from None
        try:
            connection.execute("set TimeZone = 'UTC'")
            # DuckDB spells named parameters $name; the queries use BigQuery's @name.
            result = connection.execute(_PARAM.sub(r"$\1", sql), dict(params))
            return normalise_frame(result.fetchdf())
        except duckdb.CatalogException as error:
            missing = _MISSING_DUCKDB_TABLE.search(str(error))
            if missing:
                raise MissingTableError(missing.group(1), "run dbt build") from None
            raise QueryError(first_line(error)) from None
        except duckdb.Error as error:
            raise QueryError(first_line(error)) from None
        finally:
            connection.close()


def _bigquery_parameter(name: str, value: Any):
    from google.cloud import bigquery

    if isinstance(value, bool):
        kind = "BOOL"
    elif isinstance(value, int):
        kind = "INT64"
    elif isinstance(value, float):
        kind = "FLOAT64"
    elif isinstance(value, (dt.datetime, pd.Timestamp)):
        if value.tzinfo is None:
            raise ValueError(f"parameter {name} must be a UTC-aware instant")
        kind, value = "TIMESTAMP", pd.Timestamp(value).to_pydatetime()
    elif isinstance(value, str):
        kind = "STRING"
    else:
        raise TypeError(f"parameter {name} has unsupported type {type(value).__name__}")
    return bigquery.ScalarQueryParameter(name, kind, value)


class BigQueryBackend:
    """Runs the same SQL on BigQuery against the dataset dbt builds the marts into. Credentials
    are Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, or the
    workload's service account); nothing secret passes through this class."""

    def __init__(
        self,
        project: str,
        dataset: str,
        location: str | None = None,
        client_factory: Callable[[], Any] | None = None,
    ):
        self.project = project
        self.dataset = dataset
        self.location = location
        self.description = f"BigQuery {project}.{dataset}"
        self._client_factory = client_factory
        self._client = None

    def table(self, name: str) -> str:
        return f"`{self.project}.{self.dataset}.{name}`"

    def _connect(self):
        if self._client is None:
            if self._client_factory is not None:
                self._client = self._client_factory()
            else:
                from google.cloud import bigquery

                self._client = bigquery.Client(project=self.project, location=self.location)
        return self._client

    def query(self, sql: str, params: Mapping[str, Any]) -> pd.DataFrame:
        import google.auth.exceptions
        from google.api_core import exceptions as api_exceptions
        from google.cloud import bigquery

        try:
            client = self._connect()
        except google.auth.exceptions.DefaultCredentialsError:
            raise WarehouseUnavailableError(
                "no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS or run "
                "`gcloud auth application-default login`"
            ) from None
        config = bigquery.QueryJobConfig(
            query_parameters=[_bigquery_parameter(k, v) for k, v in params.items()], use_legacy_sql=False
        )
        try:
            rows = client.query_and_wait(sql, job_config=config, location=self.location)
            names = [field.name for field in rows.schema]
            return _to_python_frame([dict(row.items()) for row in rows], names)
        except api_exceptions.NotFound as error:
            missing = re.search(r"Not found: Table (\S+)", str(error))
            raise MissingTableError(
                missing.group(1) if missing else "(unknown)", "run dbt build --target prod"
            ) from None
        except api_exceptions.GoogleAPIError as error:
            # BigQuery's own reason, without the request URL the client puts in front of it.
            details = getattr(error, "errors", None) or [{}]
            reason = details[0].get("message") if isinstance(details[0], dict) else None
            raise QueryError(reason or first_line(error)) from None
        except google.auth.exceptions.GoogleAuthError as error:
            raise WarehouseUnavailableError(f"Google authentication failed: {first_line(error)}") from None


def backend_for(settings: Settings) -> Backend:
    if settings.backend == "bigquery":
        return BigQueryBackend(
            settings.bigquery_project, settings.bigquery_dataset, settings.bigquery_location
        )
    return DuckDBBackend(settings.duckdb_path)
