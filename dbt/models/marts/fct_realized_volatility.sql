-- Realised volatility per instrument per UTC hour and per UTC day, from one-minute log returns
-- r = ln(close / previous close) between consecutive candles of the instrument.
-- realized_volatility = sqrt(sum(r^2)) over the period (not annualised); a return belongs to
-- the period of its later candle. Minutes without trades have no candle, so a return can span
-- a gap: it is still the price move between the two closes.
--
-- Incremental, bounded: a candle that changed since the previous run lies inside the partition
-- window (recent_partitions(), day-aligned), and it changes only its own return and the next
-- candle's, both in periods that start inside the window. So a run rebuilds the periods of the
-- window's days whole (insert_overwrite on BigQuery) from the window's candles. The first of them
-- per instrument needs the close before the window, which can be arbitrarily old (an instrument
-- that paused): that is the price of the last trade before the window, read from the one
-- fct_price_intervals row per instrument still open at the window's start (same trade order as
-- the candles' close), so no older candle partition is read.

-- depends_on: {{ ref('fct_price_intervals') }}

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'period', 'period_start'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('period_start', cluster_by=['exchange', 'symbol'])
) }}

with window_candles as (

    select
        exchange,
        symbol,
        window_start,
        close
    from {{ ref('fct_candles_1m') }}
    {% if is_incremental() %}
        where {{ recent_partitions('window_start') }}
    {% endif %}

),

{% if is_incremental() %}

close_before_window as (

    select
        exchange,
        symbol,
        {{ minute_floor('valid_from') }} as window_start,
        price as close
    from {{ ref('fct_price_intervals') }}
    where
        {{ open_in_partition_window('valid_to') }}
        and valid_from < {{ partition_window_start() }}

),

{% endif %}

candles as (

    select
        exchange,
        symbol,
        window_start,
        close,
        lag(close) over (partition by exchange, symbol order by window_start) as previous_close
    from (
        select * from window_candles
        {% if is_incremental() %}
            union all
            select * from close_before_window
        {% endif %}
    ) as scoped

),

returns as (

    select
        exchange,
        symbol,
        window_start,
        ln({{ to_double('close') }} / {{ to_double('previous_close') }}) as log_return
    from candles
    where
        previous_close is not null
        and {{ recent_partitions('window_start') if is_incremental() else 'true' }}

),

by_period as (

    select
        exchange,
        symbol,
        'hour' as period,
        {{ floor_to_minutes('window_start', 60) }} as period_start,
        log_return
    from returns

    union all

    select
        exchange,
        symbol,
        'day' as period,
        {{ floor_to_minutes('window_start', 1440) }} as period_start,
        log_return
    from returns

)

select
    exchange,
    symbol,
    period,
    period_start,
    count(*) as return_count,
    sqrt(sum(log_return * log_return)) as realized_volatility,
    stddev_samp(log_return) as return_stddev
from by_period
group by exchange, symbol, period, period_start
