-- Order flow and candles are built from the same trades: the same minutes, taker volumes equal
-- to the candles' taker volumes, buy + sell + unknown = volume, and imbalance within [-1, 1].
select
    f.imbalance,
    coalesce(f.exchange, c.exchange) as exchange,
    coalesce(f.symbol, c.symbol) as symbol,
    coalesce(f.window_start, c.window_start) as window_start
from {{ ref('fct_order_flow_1m') }} as f
full outer join {{ ref('fct_candles_1m') }} as c
    on f.exchange = c.exchange and f.symbol = c.symbol and f.window_start = c.window_start
where
    f.window_start is null
    or c.window_start is null
    or f.buy_volume != c.taker_buy_volume
    or f.sell_volume != c.taker_sell_volume
    or f.buy_volume + f.sell_volume + f.unknown_side_volume != c.volume
    or f.trade_count != c.trade_count
    or f.imbalance < -1
    or f.imbalance > 1
