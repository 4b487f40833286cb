"""Every question the dashboard asks, as SQL that runs unchanged on DuckDB and BigQuery.

Only portable SQL: plain selects, comparisons, `order by`/`limit`. Anything engine-specific
(time arithmetic, bucketing, candles) lives in the dbt marts or is done on parameters in
Python before binding. Tables are `{name}` placeholders, parameters `@name` (backends.py)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .backends import Backend


@dataclass(frozen=True)
class Query:
    what: str  # how an error or an empty state names it: "the market summary"
    sql: str
    tables: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        names = tuple(sorted({f for _, f, _, _ in string.Formatter().parse(self.sql) if f}))
        object.__setattr__(self, "tables", names)

    def render(self, backend: Backend) -> str:
        return self.sql.format(**{name: backend.table(name) for name in self.tables})


def run(backend: Backend, query: Query, **params: Any) -> pd.DataFrame:
    return backend.query(query.render(backend), params)


# Most rows a chart asks for: enough for 1 d of 1-minute candles, small on the wire.
MAX_POINTS = 1500

MARKET_SUMMARY = Query(
    "the market summary",
    """
select
    exchange, symbol, as_of, last_price, last_trade_time,
    change_1h_pct, change_24h_pct, quote_volume_24h, volume_24h, trade_count_24h,
    volume_24h_rank, realized_volatility_today, volatility_today_rank
from {market_summary}
order by volume_24h_rank, exchange, symbol
""",
)

# The price in force at @at: the interval with valid_from <= @at < valid_to (see price_as_of()).
PRICE_AT = Query(
    "the price at the chosen instant",
    """
select exchange, symbol, price, valid_from as price_set_at
from {fct_price_intervals}
where valid_from <= @at and (valid_to is null or valid_to > @at)
order by exchange, symbol
""",
)

CANDLES = Query(
    "the candles",
    f"""
select
    bucket_start, bucket_end, open, high, low, close, vwap, volume, quote_volume,
    trade_count, taker_buy_volume, taker_sell_volume
from {{fct_candles_by_interval}}
where
    exchange = @exchange and symbol = @symbol
    and interval_minutes = @interval_minutes and bucket_start >= @since
order by bucket_start desc
limit {MAX_POINTS}
""",
)

ORDER_FLOW = Query(
    "the order flow",
    f"""
select window_start, imbalance, buy_volume, sell_volume, net_taker_volume, trade_count
from {{fct_order_flow_1m}}
where exchange = @exchange and symbol = @symbol and window_start >= @since
order by window_start desc
limit {MAX_POINTS}
""",
)

PRICE_DROP_ALERTS = Query(
    "the price-drop alerts",
    """
select
    exchange, symbol, alert_minute, from_price, from_time, to_price, to_time,
    drop_pct, threshold_pct, window_minutes
from {fct_price_drop_alerts}
order by to_time desc, exchange, symbol
limit 50
""",
)

# 288 five-minute buckets: the last 24 h of data.
PIPELINE_HEALTH = Query(
    "the pipeline health",
    """
select
    bucket_start, bucket_end, trade_count, ingested_count, dead_letter_count,
    dead_letter_rate, last_trade_time, last_ingest_time
from {fct_pipeline_health_5m}
order by bucket_start desc
limit 288
""",
)

DEAD_LETTER_RATE = Query(
    "the dead-letter rate by reason",
    """
select bucket_start, reason_code, stage, dead_letter_count, dead_letter_rate
from {fct_dead_letter_rate_5m}
where bucket_start >= @since
order by bucket_start, reason_code, stage
""",
)

INGESTION_LATENCY = Query(
    "the ingestion latency",
    """
select exchange, minute_start, trade_count, latency_ms_p50, latency_ms_p95, latency_ms_p99
from {fct_ingestion_latency_1m}
where minute_start >= @since
order by minute_start, exchange
""",
)

ALL_QUERIES = (
    MARKET_SUMMARY,
    PRICE_AT,
    CANDLES,
    ORDER_FLOW,
    PRICE_DROP_ALERTS,
    PIPELINE_HEALTH,
    DEAD_LETTER_RATE,
    INGESTION_LATENCY,
)
