"""Dashboard settings, read from environment variables only (no secrets: BigQuery credentials
come from Application Default Credentials, never from this configuration)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    backend: str  # "duckdb" or "bigquery"
    duckdb_path: str | None
    bigquery_project: str | None
    bigquery_dataset: str | None
    bigquery_location: str | None
    refresh_seconds: int
    stale_after_seconds: int


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of seconds, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {value}")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Reads DASHBOARD_BACKEND (duckdb | bigquery), DUCKDB_PATH, GCP_PROJECT, BQ_DATASET,
    BQ_LOCATION, DASHBOARD_REFRESH_SECONDS and DASHBOARD_STALE_AFTER_SECONDS. The DuckDB and
    BigQuery names are the dbt profile's own, so one environment serves both."""
    env = os.environ if env is None else env
    backend = env.get("DASHBOARD_BACKEND", "duckdb").strip().lower() or "duckdb"
    refresh = _positive_int(env, "DASHBOARD_REFRESH_SECONDS", 30)
    stale = _positive_int(env, "DASHBOARD_STALE_AFTER_SECONDS", 300)
    if backend == "duckdb":
        path = env.get("DUCKDB_PATH", "").strip()
        if not path:
            raise ConfigError(
                "DUCKDB_PATH is not set: point it at the warehouse file dbt built "
                "(make run prints it), or set DASHBOARD_BACKEND=bigquery"
            )
        return Settings("duckdb", path, None, None, None, refresh, stale)
    if backend == "bigquery":
        project = env.get("GCP_PROJECT", "").strip()
        dataset = env.get("BQ_DATASET", "").strip()
        missing = [n for n, v in (("GCP_PROJECT", project), ("BQ_DATASET", dataset)) if not v]
        if missing:
            raise ConfigError(f"{' and '.join(missing)} must be set for DASHBOARD_BACKEND=bigquery")
        location = env.get("BQ_LOCATION", "").strip() or None
        return Settings("bigquery", None, project, dataset, location, refresh, stale)
    raise ConfigError(f"DASHBOARD_BACKEND must be duckdb or bigquery, got {backend!r}")
