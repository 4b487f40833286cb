-- One-minute OHLCV candles rebuilt in batch from the de-duplicated trades.
-- Same rules as the stream: open/close by (trade_time, trade_id), VWAP = quote_volume / volume
-- rounded HALF_EVEN to 18 decimals, taker volumes split by the taker side ('unknown' counts in
-- neither).

with trades as (

    select * from {{ ref('int_trades_minute') }}

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
        max(trade_time) as last_trade_time
    from trades
    group by exchange, symbol, window_start, window_end

)

select
    exchange,
    symbol,
    window_start,
    window_end,
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
    first_trade_time,
    last_trade_time
from aggregated
