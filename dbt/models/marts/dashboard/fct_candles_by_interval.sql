-- Candles at every granularity the dashboard offers (1 m, 5 m, 15 m, 1 h, 1 d), rolled up from
-- fct_candles_1m so the dashboard never aggregates candles itself: one row per
-- (exchange, symbol, interval_minutes, bucket_start), only buckets with trades. Buckets are
-- UTC and epoch-aligned (1440 = the UTC day). Open of the bucket's first minute, close of its
-- last, extremes and volumes over all its minutes, VWAP recomputed from the sums with the same
-- HALF_EVEN rule as the one-minute candles. The 1-minute rows are fct_candles_1m's own.
--
-- Incremental: a trade that reached the lake since the previous run is at most the pipeline's
-- --maxTradeAge old, so only buckets within recent_partitions() can change. Every bucket is at
-- most a UTC day and day-aligned, so a run rebuilds those days whole (insert_overwrite on
-- BigQuery) from the one-minute candles of the same days.

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'interval_minutes', 'bucket_start'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('bucket_start', cluster_by=['exchange', 'symbol', 'interval_minutes'])
) }}

{%- set interval_minutes = [1, 5, 15, 60, 1440] %}

with minutes as (

    select * from {{ ref('fct_candles_1m') }}
    {% if is_incremental() %}
        where {{ recent_partitions('window_start') }}
    {% endif %}

),

bucketed as (

    {%- for n in interval_minutes %}
        select
            exchange,
            symbol,
            {{ n }} as interval_minutes,
            {{ floor_to_minutes('window_start', n) }} as bucket_start,
            {{ add_minutes(floor_to_minutes('window_start', n), n) }} as bucket_end,
            window_start,
            open,
            high,
            low,
            close,
            volume,
            quote_volume,
            trade_count,
            taker_buy_volume,
            taker_sell_volume,
            first_trade_time,
            last_trade_time
        from minutes
        {%- if not loop.last %}

            union all
        {% endif %}
    {%- endfor %}

),

ordered as (

    select
        *,
        row_number() over (
            partition by exchange, symbol, interval_minutes, bucket_start order by window_start
        ) as minute_asc,
        row_number() over (
            partition by exchange, symbol, interval_minutes, bucket_start order by window_start desc
        ) as minute_desc
    from bucketed

),

rolled_up as (

    select
        exchange,
        symbol,
        interval_minutes,
        bucket_start,
        bucket_end,
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
    from ordered
    group by exchange, symbol, interval_minutes, bucket_start, bucket_end

)

select
    exchange,
    symbol,
    cast(interval_minutes as {{ dbt.type_int() }}) as interval_minutes,
    bucket_start,
    bucket_end,
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
from rolled_up
