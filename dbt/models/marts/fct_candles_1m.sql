-- One-minute OHLCV candles rebuilt in batch from the de-duplicated trades.
-- Same rules as the stream: open/close by (trade_time, trade_id), quote_volume = exact sum of
-- price * quantity and VWAP = quote_volume / volume, both rounded HALF_EVEN to 18 decimals, taker
-- volumes split by the taker side ('unknown' counts in neither). Each candle carries the
-- dim_symbols version valid at its window start.
--
-- Correction of the stream: stream_final_trade_count is the trade count of the stream's final
-- candle for the window (null when the stream has written none), trades_missed_by_stream the
-- trades the batch layer adds to it (trades that reached the pipeline after the window had
-- closed, beyond the allowed lateness). The singular test
-- assert_fct_candles_1m_matches_final_stream_candles proves every such difference is explained
-- by those trades.
--
-- Incremental: a run rebuilds every window (BigQuery: every day) holding a trade ingested inside
-- the look-back, or whose final stream candle was emitted inside it, from all trades of that
-- window, so late trades, late final candles and re-runs give the same rows.

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'window_start'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('window_start', cluster_by=['exchange', 'symbol'])
) }}

with

{% if is_incremental() %}

windows_to_rebuild as (

    select {{ recompute_unit('window_start') }} as unit_start
    from {{ ref('int_trades_minute') }}
    where
        {{ recent_partitions('trade_time') }}
        and ingest_time >= {{ lookback_start('last_ingest_time') }}

    union all

    select {{ recompute_unit('window_start') }} as unit_start
    from {{ ref('stg_lake__candles_1m') }}
    where
        is_final
        and {{ recent_partitions('window_start') }}
        and emitted_at >= {{ lookback_start('last_ingest_time') }}

),

{% endif %}

window_trades as (

    select * from {{ ref('int_trades_minute') }}
    {% if is_incremental() %}
        where
            {{ recent_partitions('trade_time') }}
            and {{ recompute_unit('window_start') }} in (select unit_start from windows_to_rebuild)
    {% endif %}

),

trades as (

    select
        *,
        {{ candle_trade_ranks() }}
    from window_trades

),

symbol_versions as (

    select * from {{ ref('dim_symbols') }}

),

final_stream_candles as (

    select
        exchange,
        symbol,
        window_start,
        trade_count
    from {{ ref('stg_lake__candles_1m') }}
    {% if is_incremental() %}
        where
            is_final
            and {{ recent_partitions('window_start') }}
            and {{ recompute_unit('window_start') }} in (select unit_start from windows_to_rebuild)
    {% else %}
        where is_final
    {% endif %}

),

aggregated as (

    select
        exchange,
        symbol,
        window_start,
        window_end,
        {{ candle_sums() }},
        max(ingest_time) as last_ingest_time
    from trades
    group by exchange, symbol, window_start, window_end

)

select
    aggregated.exchange,
    aggregated.symbol,
    aggregated.window_start,
    aggregated.window_end,
    aggregated.open,
    aggregated.high,
    aggregated.low,
    aggregated.close,
    aggregated.volume,
    {{ candle_exact_figures('aggregated') }},
    aggregated.trade_count,
    aggregated.taker_buy_volume,
    aggregated.taker_sell_volume,
    aggregated.first_trade_time,
    aggregated.last_trade_time,
    aggregated.last_ingest_time,
    symbol_versions.symbol_version_id,
    final_stream_candles.trade_count as stream_final_trade_count,
    aggregated.trade_count - final_stream_candles.trade_count as trades_missed_by_stream
from aggregated
left join final_stream_candles
    on
        aggregated.exchange = final_stream_candles.exchange
        and aggregated.symbol = final_stream_candles.symbol
        and aggregated.window_start = final_stream_candles.window_start
left join symbol_versions
    on
        aggregated.symbol = symbol_versions.symbol
        and aggregated.window_start >= symbol_versions.valid_from
        and (symbol_versions.valid_to is null or aggregated.window_start < symbol_versions.valid_to)
