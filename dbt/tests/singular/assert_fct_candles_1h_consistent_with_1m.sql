-- Hourly candles must equal their one-minute candles rolled up (volume, quote volume, trade
-- count, high, low, open of the first minute, close of the last) and be internally consistent
-- (low <= vwap <= high, body inside [low, high]).
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

rolled as (
    select
        exchange,
        symbol,
        hour_start,
        sum(volume) as volume,
        sum(quote_volume) as quote_volume,
        sum(trade_count) as trade_count,
        max(high) as high,
        min(low) as low,
        max(case when minute_asc = 1 then open end) as open,
        max(case when minute_desc = 1 then close end) as close
    from minutes
    group by exchange, symbol, hour_start
)

select
    h.hour_start,
    r.hour_start as rolled_hour_start,
    coalesce(h.exchange, r.exchange) as exchange,
    coalesce(h.symbol, r.symbol) as symbol
from {{ ref('fct_candles_1h') }} as h
full outer join rolled as r
    on h.exchange = r.exchange and h.symbol = r.symbol and h.hour_start = r.hour_start
where
    h.hour_start is null
    or r.hour_start is null
    or h.volume != r.volume
    or h.quote_volume != r.quote_volume
    or h.trade_count != r.trade_count
    or h.high != r.high
    or h.low != r.low
    or h.open != r.open
    or h.close != r.close
    or not (h.low <= h.vwap and h.vwap <= h.high)
    or h.high < greatest(h.open, h.close)
    or h.low > least(h.open, h.close)
