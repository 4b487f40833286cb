"""The app under Streamlit's own harness (AppTest): every panel with data, on an empty
warehouse, on a warehouse without marts, and every failure path a user can meet."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest
import streamlit as st
from conftest import DASHBOARD
from streamlit.testing.v1 import AppTest

PANELS = ["Market summary", "Candles", "Order-flow imbalance", "Price-drop alerts", "Pipeline health"]
CHARTS_WITH_DATA = 6  # volume ranking, candles, order flow, trades/s, dead-letter rate, latency


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(monkeypatch, **env) -> AppTest:
    for name in (
        "DASHBOARD_BACKEND",
        "DUCKDB_PATH",
        "GCP_PROJECT",
        "BQ_DATASET",
        "DASHBOARD_REFRESH_SECONDS",
        "DASHBOARD_STALE_AFTER_SECONDS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    app = AppTest.from_file(str(DASHBOARD / "app.py"), default_timeout=60)
    return app.run()


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def charts(app: AppTest) -> int:
    return len(app.get("plotly_chart"))


def assert_no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


def test_every_panel_renders_with_data(monkeypatch, built_warehouse):
    app = run_app(monkeypatch, DUCKDB_PATH=built_warehouse)
    assert_no_exception(app)
    assert texts(app.error) == []
    assert texts(app.subheader) == PANELS
    assert charts(app) == CHARTS_WITH_DATA
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        instruments = connection.execute("select count(*) from market_summary").fetchone()[0]
        alerts = connection.execute("select count(*) from fct_price_drop_alerts").fetchone()[0]
    tables = [t.value for t in app.table]
    assert len(tables[0]) == instruments  # market summary, one row per instrument
    if alerts:
        assert any(len(t) == min(alerts, 50) and "drop" in t.columns for t in tables)
    labels = [m.label for m in app.metric]
    assert {"Since the last trade", "Since the last ingest"} <= set(labels)


@pytest.mark.parametrize("interval", ["1 m", "5 m", "15 m", "1 h", "1 d"])
def test_candles_at_every_size(monkeypatch, built_warehouse, interval):
    app = run_app(monkeypatch, DUCKDB_PATH=built_warehouse)
    app.selectbox(key="interval").set_value(interval)
    app.selectbox(key="range").set_value("all")
    app.run()
    assert_no_exception(app)
    assert texts(app.error) == []
    titles = [c.proto.spec for c in app.get("plotly_chart")]
    assert any(f"{interval} candles, VWAP and volume" in spec for spec in titles)


def test_every_instrument_can_be_chosen(monkeypatch, built_warehouse):
    app = run_app(monkeypatch, DUCKDB_PATH=built_warehouse)
    for label in app.selectbox(key="instrument").options:
        app.selectbox(key="instrument").set_value(label).run()
        assert_no_exception(app)
        assert charts(app) == CHARTS_WITH_DATA, label


def test_price_hours_ago_reads_the_price_intervals(monkeypatch, built_warehouse):
    app = run_app(monkeypatch, DUCKDB_PATH=built_warehouse)
    app.number_input(key="price_hours_ago").set_value(0.0).run()
    assert_no_exception(app)
    price_tables = [t.value for t in app.table if any(c.startswith("price at ") for c in t.value.columns)]
    assert len(price_tables) == 1 and len(price_tables[0]) > 0
    app.number_input(key="price_hours_ago").set_value(24.0 * 365).run()
    assert any(i.startswith("No instrument had traded yet at") for i in texts(app.info))


def test_stale_and_fresh_states(monkeypatch, built_warehouse):
    stale = run_app(monkeypatch, DUCKDB_PATH=built_warehouse, DASHBOARD_STALE_AFTER_SECONDS=1)
    assert any(w.startswith("Data is stale") for w in texts(stale.warning))
    fresh = run_app(monkeypatch, DUCKDB_PATH=built_warehouse, DASHBOARD_STALE_AFTER_SECONDS=10**9)
    assert any(s.startswith("Data is fresh") for s in texts(fresh.success))
    assert not any(w.startswith("Data is stale") for w in texts(fresh.warning))


def test_empty_warehouse_shows_an_empty_state_per_panel(monkeypatch, empty_warehouse):
    app = run_app(monkeypatch, DUCKDB_PATH=empty_warehouse)
    assert_no_exception(app)
    assert texts(app.error) == []
    assert texts(app.subheader) == PANELS
    assert charts(app) == 0
    infos = texts(app.info)
    assert (
        sum(i.startswith("No trades in the warehouse yet") for i in infos) == 3
    )  # summary, candles, order flow
    assert any(i.startswith("No price-drop alerts") for i in infos)
    assert "No pipeline activity recorded yet." in infos
    assert "No trade has reached the warehouse yet." in texts(app.warning)


def test_warehouse_without_marts(monkeypatch, bare_warehouse):
    app = run_app(monkeypatch, DUCKDB_PATH=bare_warehouse)
    assert_no_exception(app)
    assert texts(app.error) == []
    infos = texts(app.info)
    assert any(
        i.startswith("The warehouse has no marts yet (table market_summary does not exist") for i in infos
    )
    assert any("table fct_price_drop_alerts does not exist" in i for i in infos)
    assert charts(app) == 0


def test_one_missing_mart_is_reported_and_the_rest_still_renders(monkeypatch, warehouse_copy):
    path = warehouse_copy("no-order-flow", "drop table fct_order_flow_1m")
    app = run_app(monkeypatch, DUCKDB_PATH=path)
    assert_no_exception(app)
    assert any(
        "No data yet for the order flow: table fct_order_flow_1m does not exist" in i for i in texts(app.info)
    )
    assert charts(app) == CHARTS_WITH_DATA - 1


def test_a_failing_query_says_what_failed(monkeypatch, warehouse_copy):
    # A mart whose columns no longer match the dashboard's query (schema drift).
    path = warehouse_copy("drifted", "alter table fct_ingestion_latency_1m drop column latency_ms_p99")
    app = run_app(monkeypatch, DUCKDB_PATH=path)
    assert_no_exception(app)
    errors = texts(app.error)
    assert len(errors) == 1
    assert errors[0].startswith("Could not load the ingestion latency: Binder Error")
    assert "latency_ms_p99" in errors[0] and "Traceback" not in errors[0]
    assert charts(app) == CHARTS_WITH_DATA - 1


def test_missing_warehouse_file(monkeypatch, tmp_path):
    app = run_app(monkeypatch, DUCKDB_PATH=tmp_path / "nowhere.duckdb")
    assert_no_exception(app)
    assert texts(app.error) == [
        f"The warehouse cannot be read: no DuckDB file at {tmp_path / 'nowhere.duckdb'}: "
        "run `make run` (or dbt build) to create it"
    ]
    assert charts(app) == 0


def test_warehouse_locked_by_a_writer(monkeypatch, warehouse_copy):
    path = warehouse_copy("locked")
    # Another process holds the write lock, as `dbt build` does while it rebuilds the file.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); "
            "print('locked', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        app = run_app(monkeypatch, DUCKDB_PATH=path)
        assert_no_exception(app)
        errors = texts(app.error)
        assert len(errors) == 1 and errors[0].startswith(f"The warehouse cannot be read: cannot open {path}")
        assert errors[0].endswith("a dbt build may be writing it")
    finally:
        writer.kill()
        writer.wait()
    time.sleep(0.5)
    st.cache_data.clear()
    recovered = run_app(monkeypatch, DUCKDB_PATH=path)
    assert texts(recovered.error) == [] and charts(recovered) == CHARTS_WITH_DATA


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DASHBOARD_BACKEND": "oracle"}, "DASHBOARD_BACKEND must be duckdb or bigquery, got 'oracle'"),
        ({}, "DUCKDB_PATH is not set"),
        (
            {"DASHBOARD_BACKEND": "bigquery", "GCP_PROJECT": "p"},
            "BQ_DATASET must be set for DASHBOARD_BACKEND=bigquery",
        ),
        (
            {"DUCKDB_PATH": "x", "DASHBOARD_REFRESH_SECONDS": "soon"},
            "DASHBOARD_REFRESH_SECONDS must be a whole number",
        ),
    ],
)
def test_bad_configuration_is_explained(monkeypatch, env, message):
    app = run_app(monkeypatch, **env)
    assert_no_exception(app)
    errors = texts(app.error)
    assert len(errors) == 1 and errors[0].startswith("The dashboard is not configured: ")
    assert message in errors[0]
