-- Every rebuilt candle must be internally consistent: low <= vwap <= high and
-- the body (open, close) lies within [low, high].
select *  -- noqa: AM04
from {{ ref('fct_candles_1m') }}
where not (
    low <= vwap
    and vwap <= high
    and high >= greatest(open, close)
    and low <= least(open, close)
)
