"""Configuration, freshness and the DuckDB side of the query layer, without Streamlit."""

from __future__ import annotations

import datetime as dt
import decimal

import pandas as pd
import pytest
from crypto_dashboard import queries
from crypto_dashboard.backends import DuckDBBackend, normalise_frame
from crypto_dashboard.config import ConfigError, load_settings
from crypto_dashboard.freshness import assess, human_duration

NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)


def test_settings_for_each_backend():
    local = load_settings({"DUCKDB_PATH": "/w.duckdb"})
    assert (local.backend, local.duckdb_path, local.refresh_seconds, local.stale_after_seconds) == (
        "duckdb",
        "/w.duckdb",
        30,
        300,
    )
    prod = load_settings(
        {
            "DASHBOARD_BACKEND": "BigQuery",
            "GCP_PROJECT": "p",
            "BQ_DATASET": "d",
            "DASHBOARD_REFRESH_SECONDS": "60",
        }
    )
    assert (
        prod.backend,
        prod.bigquery_project,
        prod.bigquery_dataset,
        prod.bigquery_location,
        prod.refresh_seconds,
    ) == ("bigquery", "p", "d", None, 60)


@pytest.mark.parametrize(
    "env, message",
    [
        (
            {"DUCKDB_PATH": "x", "DASHBOARD_STALE_AFTER_SECONDS": "0"},
            "DASHBOARD_STALE_AFTER_SECONDS must be positive",
        ),
        ({"DASHBOARD_BACKEND": "bigquery"}, "GCP_PROJECT and BQ_DATASET must be set"),
        ({"DUCKDB_PATH": " "}, "DUCKDB_PATH is not set"),
    ],
)
def test_settings_refused(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_freshness_threshold_is_inclusive_and_future_times_count_as_now():
    at_limit = assess(NOW - dt.timedelta(seconds=300), NOW - dt.timedelta(seconds=10), NOW, 300)
    assert not at_limit.stale and at_limit.message().startswith("Data is fresh: last trade 5 min 00 s ago")
    past = assess(NOW - dt.timedelta(seconds=301), NOW, NOW, 300)
    assert past.stale and past.message().startswith("Data is stale: last trade 5 min 01 s ago")
    ingest_late = assess(NOW, NOW - dt.timedelta(hours=2), NOW, 300)
    assert ingest_late.stale and "last ingest 2 h 00 min ago" in ingest_late.message()
    future = assess(NOW + dt.timedelta(seconds=5), pd.Timestamp(NOW), NOW, 300)
    assert future.seconds_since_trade == 0 and not future.stale


def test_no_data_is_stale():
    state = assess(None, pd.NaT, NOW, 300)
    assert state.stale and not state.has_data
    assert state.message() == "No trade has reached the warehouse yet."


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "0 s"),
        (59.6, "1 min 00 s"),
        (3599, "59 min 59 s"),
        (3600, "1 h 00 min"),
        (47 * 3600, "47 h 00 min"),
        (49 * 3600, "2 d 1 h"),
    ],
)
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_decimals_and_instants_are_normalised():
    frame = normalise_frame(
        pd.DataFrame(
            {
                "price": [decimal.Decimal("1.5"), None],
                "at": [dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), None],
                "name": ["a", "b"],
            }
        )
    )
    assert frame["price"].dtype == float and frame["price"].iloc[0] == 1.5
    assert str(frame["at"].dtype).startswith("datetime64") and str(frame["at"].dt.tz) == "UTC"
    assert frame["name"].tolist() == ["a", "b"]


def test_queries_only_name_tables_through_placeholders():
    for query in queries.ALL_QUERIES:
        assert query.tables, query.what
        rendered = query.render(DuckDBBackend("unused"))
        for table in query.tables:
            assert f'main."{table}"' in rendered


def test_duckdb_binds_bigquery_style_parameters(tmp_path):
    import duckdb

    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "create table fct_price_intervals as select 'binance' as exchange, 'BTC-USDT' as symbol, "
            "1.25::decimal(38, 18) as price, timestamptz '2026-01-01 10:00:00+00' as valid_from, "
            "null::timestamptz as valid_to"
        )
    backend = DuckDBBackend(str(path))
    before = queries.run(backend, queries.PRICE_AT, at=dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone.utc))
    after = queries.run(backend, queries.PRICE_AT, at=dt.datetime(2026, 1, 1, 11, tzinfo=dt.timezone.utc))
    assert before.empty
    assert after["price"].tolist() == [1.25] and str(after["price_set_at"].dt.tz) == "UTC"
