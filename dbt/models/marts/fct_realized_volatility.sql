-- Realised volatility per instrument per UTC hour and per UTC day, from one-minute log returns
-- r = ln(close / previous close) between consecutive candles of the instrument.
-- realized_volatility = sqrt(sum(r^2)) over the period (not annualised); a return belongs to
-- the period of its later candle. Minutes without trades have no candle, so a return can span
-- a gap: it is still the price move between the two closes.

{{ config(materialized='table') }}

with candles as (

    select
        exchange,
        symbol,
        window_start,
        close,
        lag(close) over (partition by exchange, symbol order by window_start) as previous_close
    from {{ ref('fct_candles_1m') }}

),

returns as (

    select
        exchange,
        symbol,
        window_start,
        ln({{ to_double('close') }} / {{ to_double('previous_close') }}) as log_return
    from candles
    where previous_close is not null

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
