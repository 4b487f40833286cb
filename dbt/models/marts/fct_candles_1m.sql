-- One-minute OHLCV candles rebuilt in batch from the de-duplicated trades.
-- Same rules as the stream: open/close by (trade_time, trade_id), VWAP = quote_volume / volume
-- rounded HALF_EVEN to 18 decimals, taker volumes split by the taker side ('unknown' counts in
-- neither). Each candle carries the dim_symbols version valid at its window start.
--
-- Incremental: a run rebuilds every window (BigQuery: every day) holding a trade ingested inside
-- the look-back, from all trades of that window, so late trades and re-runs give the same rows.

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'window_start'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('window_start', cluster_by=['exchange', 'symbol'])
) }}

with trades as (

    select * from {{ ref('int_trades_minute') }}
    {% if is_incremental() %}
        where {{ in_windows_to_recompute('window_start', ref('int_trades_minute')) }}
    {% endif %}

),

symbol_versions as (

    select * from {{ ref('dim_symbols') }}

),

aggregated as (

    select
        exchange,
        symbol,
        window_start,
        window_end,
        max(case when seq_in_window = 1 then price end) as open,
        max(price) as high,
        min(price) as low,
        max(case when seq_in_window_desc = 1 then price end) as close,
        sum(quantity) as volume,
        sum(quote_amount) as quote_volume,
        count(*) as trade_count,
        coalesce(sum(case when side = 'buy' then quantity end), 0) as taker_buy_volume,
        coalesce(sum(case when side = 'sell' then quantity end), 0) as taker_sell_volume,
        min(trade_time) as first_trade_time,
        max(trade_time) as last_trade_time,
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
    aggregated.quote_volume,
    {{ divide_amounts('aggregated.quote_volume', 'aggregated.volume') }} as vwap,
    aggregated.trade_count,
    aggregated.taker_buy_volume,
    aggregated.taker_sell_volume,
    aggregated.first_trade_time,
    aggregated.last_trade_time,
    aggregated.last_ingest_time,
    symbol_versions.symbol_version_id
from aggregated
left join symbol_versions
    on
        aggregated.symbol = symbol_versions.symbol
        and aggregated.window_start >= symbol_versions.valid_from
        and (symbol_versions.valid_to is null or aggregated.window_start < symbol_versions.valid_to)
