-- Batch candles must agree with the stream's candles for every window whose newest pane is
-- final. open/high/low/close/volume/trade_count must match exactly; vwap within 1e-12.
-- A final stream window with no batch candle also fails.
with stream as (
    select *
    from {{ ref('stg_lake__candles_1m') }}
    where is_final
),

batch as (
    select * from {{ ref('fct_candles_1m') }}
)

select
    s.exchange,
    s.symbol,
    s.window_start,
    s.open as stream_open,
    b.open as batch_open,
    s.high as stream_high,
    b.high as batch_high,
    s.low as stream_low,
    b.low as batch_low,
    s.close as stream_close,
    b.close as batch_close,
    s.volume as stream_volume,
    b.volume as batch_volume,
    s.trade_count as stream_trade_count,
    b.trade_count as batch_trade_count,
    s.vwap as stream_vwap,
    b.vwap as batch_vwap
from stream as s
left join batch as b
    on
        s.exchange = b.exchange
        and s.symbol = b.symbol
        and s.window_start = b.window_start
where
    b.window_start is null
    or s.open != b.open
    or s.high != b.high
    or s.low != b.low
    or s.close != b.close
    or s.volume != b.volume
    or s.trade_count != b.trade_count
    or abs(s.vwap - b.vwap) > 0.000000000001
