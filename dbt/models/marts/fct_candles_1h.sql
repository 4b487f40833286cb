-- Hourly candles rolled up from the one-minute candles: open of the hour's first minute, close
-- of its last, extremes and volumes over all its minutes, VWAP recomputed from the sums.

{{ config(
    materialized='table',
    **bigquery_options('hour_start', cluster_by=['exchange', 'symbol'])
) }}

with minutes as (

    select
        *,
        {{ floor_to_minutes('window_start', 60) }} as hour_start,
        row_number() over (
            partition by exchange, symbol, {{ floor_to_minutes('window_start', 60) }}
            order by window_start
        ) as minute_asc,
        row_number() over (
            partition by exchange, symbol, {{ floor_to_minutes('window_start', 60) }}
            order by window_start desc
        ) as minute_desc
    from {{ ref('fct_candles_1m') }}

),

hourly as (

    select
        exchange,
        symbol,
        hour_start,
        max(case when minute_asc = 1 then open end) as open,
        max(high) as high,
        min(low) as low,
        max(case when minute_desc = 1 then close end) as close,
        sum(volume) as volume,
        sum(quote_volume) as quote_volume,
        cast(sum(trade_count) as {{ dbt.type_bigint() }}) as trade_count,
        sum(taker_buy_volume) as taker_buy_volume,
        sum(taker_sell_volume) as taker_sell_volume,
        count(*) as minutes_with_trades,
        min(first_trade_time) as first_trade_time,
        max(last_trade_time) as last_trade_time
    from minutes
    group by exchange, symbol, hour_start

)

select
    exchange,
    symbol,
    hour_start,
    {{ add_minutes('hour_start', 60) }} as hour_end,
    open,
    high,
    low,
    close,
    volume,
    quote_volume,
    {{ divide_amounts('quote_volume', 'volume') }} as vwap,
    trade_count,
    taker_buy_volume,
    taker_sell_volume,
    minutes_with_trades,
    first_trade_time,
    last_trade_time
from hourly
