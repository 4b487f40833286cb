"""The dashboard's panels. Each panel asks its queries through `load`, which turns every
failure into a one-line message naming what failed, and shows an explicit empty state when a
query answers with no rows. A bug inside one panel is reported in that panel only (the
traceback goes to the server log, never to the page)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from . import charts, freshness, queries
from .backends import Backend, MissingTableError, QueryError, WarehouseUnavailableError
from .config import Settings

log = logging.getLogger("crypto_dashboard")

INTERVALS = {"1 m": 1, "5 m": 5, "15 m": 15, "1 h": 60, "1 d": 1440}
RANGES = {
    "1 h": dt.timedelta(hours=1),
    "6 h": dt.timedelta(hours=6),
    "24 h": dt.timedelta(days=1),
    "7 d": dt.timedelta(days=7),
    "30 d": dt.timedelta(days=30),
    "all": None,
}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
# Query results are shared between viewers for a few seconds (BigQuery bills per query).
CACHE_SECONDS = 10


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=256)
def _cached(
    _backend: Backend, backend_description: str, query: queries.Query, params: tuple[tuple[str, Any], ...]
) -> pd.DataFrame:
    return queries.run(_backend, query, **dict(params))


def load(backend: Backend, query: queries.Query, empty: str, **params: Any) -> pd.DataFrame | None:
    """The query's rows, or None after telling the user why there are none."""
    try:
        frame = _cached(backend, backend.description, query, tuple(sorted(params.items())))
    except MissingTableError as error:
        st.info(f"No data yet for {query.what}: {error}.")
        return None
    except QueryError as error:
        st.error(f"Could not load {query.what}: {error}")
        return None
    if frame.empty:
        st.info(empty)
        return None
    return frame


def panel(title: str) -> Callable:
    """Draws a panel under its heading; an unexpected error stays inside the panel."""

    def decorate(draw: Callable) -> Callable:
        @functools.wraps(draw)
        def wrapper(*args, **kwargs):
            st.subheader(title)
            try:
                draw(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - the page must survive a panel's bug
                log.exception("panel %s failed", title)
                st.error(
                    f"The {title.lower()} panel failed: {type(error).__name__}. "
                    "Details are in the dashboard's log."
                )

        return wrapper

    return decorate


def _pct(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:+.2f} %"


def _price(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:,.8g}"


NO_TRADES = "No trades in the warehouse yet. Start the pipeline (make run); this page refreshes by itself."


@panel("Market summary")
def market_summary(backend: Backend, summary: pd.DataFrame | None) -> None:
    if summary is None:
        st.info(NO_TRADES)
        return
    as_of = summary["as_of"].max()
    st.caption(f"As of the newest trade in the warehouse, {as_of:%Y-%m-%d %H:%M:%S} UTC (data time).")
    table = pd.DataFrame(
        {
            "instrument": summary["exchange"] + ":" + summary["symbol"],
            "last price": summary["last_price"].map(_price),
            "1 h change": summary["change_1h_pct"].map(_pct),
            "24 h change": summary["change_24h_pct"].map(_pct),
            "24 h volume (quote)": summary["quote_volume_24h"].map(lambda v: f"{v:,.2f}"),
            "24 h trades": summary["trade_count_24h"],
            "24 h volume rank": summary["volume_24h_rank"],
        }
    )
    left, right = st.columns([3, 2])
    with left:
        st.table(table.set_index("instrument"))
        volatile = summary.dropna(subset=["volatility_today_rank"]).sort_values("volatility_today_rank")
        if volatile.empty:
            st.info("No volatility today yet: it needs two one-minute candles of an instrument today.")
        else:
            top = volatile.iloc[0]
            st.metric(
                "Highest volatility today",
                f"{top['exchange']}:{top['symbol']}",
                f"realised {top['realized_volatility_today']:.4%}",
                delta_color="off",
            )
    with right:
        top10 = summary[summary["volume_24h_rank"] <= 10]
        st.plotly_chart(charts.volume_ranking(top10, "24 h volume, top 10"), width="stretch")
    _price_hours_ago(backend, as_of)


def _price_hours_ago(backend: Backend, as_of: pd.Timestamp) -> None:
    hours = st.number_input(
        "Price N hours before the newest trade: N =",
        min_value=0.0,
        max_value=24.0 * 365,
        value=1.0,
        step=0.5,
        key="price_hours_ago",
    )
    at = as_of.to_pydatetime() - dt.timedelta(hours=hours)
    prices = load(
        backend, queries.PRICE_AT, f"No instrument had traded yet at {at:%Y-%m-%d %H:%M:%S} UTC.", at=at
    )
    if prices is not None:
        st.table(
            pd.DataFrame(
                {
                    "instrument": prices["exchange"] + ":" + prices["symbol"],
                    f"price at {at:%Y-%m-%d %H:%M:%S} UTC": prices["price"].map(_price),
                    "set by the trade at": prices["price_set_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
                }
            ).set_index("instrument")
        )


def _instrument_selector(summary: pd.DataFrame) -> tuple[str, str, dt.datetime]:
    labels = (summary["exchange"] + ":" + summary["symbol"]).tolist()
    left, middle, right = st.columns(3)
    label = left.selectbox("Instrument", sorted(labels), key="instrument")
    interval = middle.selectbox("Candle size", list(INTERVALS), index=0, key="interval")
    span = right.selectbox(
        "Time range (ending at the instrument's last trade)", list(RANGES), index=2, key="range"
    )
    row = summary[(summary["exchange"] + ":" + summary["symbol"]) == label].iloc[0]
    since = EPOCH if RANGES[span] is None else row["last_trade_time"].to_pydatetime() - RANGES[span]
    return label, interval, since


@panel("Candles")
def candles_and_order_flow(backend: Backend, summary: pd.DataFrame | None) -> None:
    if summary is None:
        st.info(NO_TRADES)
        st.subheader("Order-flow imbalance")
        st.info(NO_TRADES)
        return
    label, interval, since = _instrument_selector(summary)
    exchange, symbol = label.split(":", 1)
    frame = load(
        backend,
        queries.CANDLES,
        f"No {interval} candles for {label} in this time range.",
        exchange=exchange,
        symbol=symbol,
        interval_minutes=INTERVALS[interval],
        since=since,
    )
    if frame is not None:
        frame = frame.sort_values("bucket_start")
        st.plotly_chart(
            charts.candles(frame, f"{label} {interval} candles, VWAP and volume"), width="stretch"
        )
    _order_flow(backend, label, exchange, symbol, since)


def _order_flow(backend: Backend, label: str, exchange: str, symbol: str, since: dt.datetime) -> None:
    st.subheader("Order-flow imbalance")
    frame = load(
        backend,
        queries.ORDER_FLOW,
        f"No order flow for {label} in this time range.",
        exchange=exchange,
        symbol=symbol,
        since=since,
    )
    if frame is not None:
        frame = frame.sort_values("window_start")
        st.plotly_chart(
            charts.order_flow(frame, f"{label} taker order-flow imbalance per minute"), width="stretch"
        )


@panel("Price-drop alerts")
def price_drop_alerts(backend: Backend) -> None:
    frame = load(
        backend,
        queries.PRICE_DROP_ALERTS,
        "No price-drop alerts: no instrument has fallen past the threshold within its alert window.",
    )
    if frame is None:
        return
    st.caption(
        f"The newest {len(frame)} alerts, newest first (a fall of at least the threshold below the "
        "highest price of the preceding window)."
    )
    st.table(
        pd.DataFrame(
            {
                "time": frame["to_time"].dt.strftime("%Y-%m-%d %H:%M:%S"),
                "instrument": frame["exchange"] + ":" + frame["symbol"],
                "drop": frame["drop_pct"].map(lambda v: f"-{v:.2f} %"),
                "from": frame["from_price"].map(_price) + " at " + frame["from_time"].dt.strftime("%H:%M:%S"),
                "to": frame["to_price"].map(_price),
                "rule": frame["threshold_pct"].map(lambda v: f"≥ {v:g} %")
                + " in "
                + frame["window_minutes"].astype(str)
                + " min",
            }
        ).set_index("time")
    )


def freshness_banner(health: pd.DataFrame | None, settings: Settings, now: dt.datetime) -> None:
    if health is None:
        state = freshness.assess(None, None, now, settings.stale_after_seconds)
    else:
        newest = health.sort_values("bucket_start").iloc[-1]
        state = freshness.assess(
            newest["last_trade_time"], newest["last_ingest_time"], now, settings.stale_after_seconds
        )
    (st.warning if state.stale else st.success)(state.message())
    left, right = st.columns(2)
    left.metric(
        "Since the last trade",
        "n/a" if state.seconds_since_trade is None else freshness.human_duration(state.seconds_since_trade),
    )
    right.metric(
        "Since the last ingest",
        "n/a" if state.seconds_since_ingest is None else freshness.human_duration(state.seconds_since_ingest),
    )


@panel("Pipeline health")
def pipeline_health(backend: Backend, health: pd.DataFrame | None) -> None:
    if health is None:
        st.info("No pipeline activity recorded yet.")
        return
    since = health["bucket_start"].iloc[0].to_pydatetime()
    st.plotly_chart(charts.trades_per_second(health, "Trades per second"), width="stretch")
    left, right = st.columns(2)
    with left:
        rates = load(
            backend,
            queries.DEAD_LETTER_RATE,
            "No dead letters in the last 24 h of data: every record was valid.",
            since=since,
        )
        if rates is not None:
            st.plotly_chart(charts.dead_letter_rate(rates, "Dead-letter rate by reason"), width="stretch")
    with right:
        latency = load(backend, queries.INGESTION_LATENCY, "No ingestion latency measured yet.", since=since)
        if latency is not None:
            st.plotly_chart(
                charts.ingestion_latency(latency, "Ingestion latency p50 / p95 / p99"), width="stretch"
            )


def _summary(backend: Backend) -> pd.DataFrame | None:
    """The market summary, which also lists the instruments; None, with the reason shown, when
    there is none. An unreachable warehouse is raised: the page then has nothing to show."""
    try:
        return _cached(backend, backend.description, queries.MARKET_SUMMARY, ())
    except WarehouseUnavailableError:
        raise
    except MissingTableError as error:
        st.info(
            f"The warehouse has no marts yet ({error}). Run the pipeline and `dbt build`; "
            "this page refreshes by itself."
        )
    except QueryError as error:
        st.error(f"Could not load {queries.MARKET_SUMMARY.what}: {error}")
    return None


def render(backend: Backend, settings: Settings, now: dt.datetime | None = None) -> None:
    """The whole page body, in reading order: freshness first, then the market, then the pipeline."""
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        summary = _summary(backend)
    except WarehouseUnavailableError as error:
        st.error(f"The warehouse cannot be read: {error}")
        return
    if summary is not None and summary.empty:
        summary = None
    health = load(backend, queries.PIPELINE_HEALTH, "No pipeline activity recorded yet.")
    if health is not None:
        health = health.sort_values("bucket_start")
    freshness_banner(health, settings, now)
    market_summary(backend, summary)
    candles_and_order_flow(backend, summary)
    price_drop_alerts(backend)
    pipeline_health(backend, health)
