-- Total candle volume and trade count per instrument equal the RAW trades in the lake, each
-- distinct (exchange, symbol, trade_id) counted once. Reading the raw source (not the
-- incremental stg_lake__trades) also catches trades an incremental run failed to pick up.
with candles as (
    select
        exchange,
        symbol,
        sum(volume) as volume,
        sum(trade_count) as trade_count
    from {{ ref('fct_candles_1m') }}
    group by exchange, symbol
),

distinct_raw_trades as (
    select
        exchange,
        symbol,
        trade_id,
        min(cast(quantity as {{ type_amount() }})) as quantity
    from {{ source('lake', 'trades') }}
    group by exchange, symbol, trade_id
),

trades as (
    select
        exchange,
        symbol,
        sum(quantity) as volume,
        count(*) as trade_count
    from distinct_raw_trades
    group by exchange, symbol
)

select
    c.volume as candle_volume,
    t.volume as trade_volume,
    c.trade_count as candle_trade_count,
    t.trade_count as trade_trade_count,
    coalesce(c.exchange, t.exchange) as exchange,
    coalesce(c.symbol, t.symbol) as symbol
from candles as c
full outer join trades as t
    on c.exchange = t.exchange and c.symbol = t.symbol
where
    c.volume is null
    or t.volume is null
    or c.volume != t.volume
    or c.trade_count != t.trade_count
