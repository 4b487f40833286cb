-- Hourly candles: the 60-minute rows of fct_candles_by_interval, which rolls fct_candles_1m up to
-- every granularity once (open of the hour's first minute, close of its last, extremes and
-- volumes over its minutes, VWAP recomputed from the sums).
--
-- Incremental like fct_candles_by_interval: only the hours within recent_partitions() can change
-- since the previous run, so a run rebuilds those days whole (insert_overwrite on BigQuery).

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'hour_start'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('hour_start', cluster_by=['exchange', 'symbol'])
) }}

select
    exchange,
    symbol,
    bucket_start as hour_start,
    bucket_end as hour_end,
    open,
    high,
    low,
    close,
    volume,
    quote_volume,
    vwap,
    trade_count,
    taker_buy_volume,
    taker_sell_volume,
    minutes_with_trades,
    first_trade_time,
    last_trade_time
from {{ ref('fct_candles_by_interval') }}
where
    interval_minutes = 60
    and {{ recent_partitions('bucket_start') if is_incremental() else 'true' }}
