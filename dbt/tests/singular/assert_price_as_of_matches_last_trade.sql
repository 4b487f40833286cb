-- The as-of answer (price_as_of macro over fct_price_intervals) must be, for every instrument,
-- the price of its last trade at or before the instant, computed here independently from the
-- trades. The instant is one minute before the newest trade, so instruments can differ in
-- whether they have traded by then.
{%- set at = add_minutes("(select max(trade_time) from " ~ ref('stg_lake__trades') ~ ")", -1) %}

with as_of_answer as (
    {{ price_as_of(at) }}
),

last_trades as (
    select
        exchange,
        symbol,
        price,
        row_number() over (
            partition by exchange, symbol
            order by trade_time desc, trade_id_sort_key desc
        ) as recency
    from {{ ref('int_trades_minute') }}
    where trade_time <= {{ at }}
),

expected as (
    select
        exchange,
        symbol,
        price
    from last_trades
    where recency = 1
)

select
    a.price as answered_price,
    e.price as expected_price,
    coalesce(a.exchange, e.exchange) as exchange,
    coalesce(a.symbol, e.symbol) as symbol
from as_of_answer as a
full outer join expected as e
    on a.exchange = e.exchange and a.symbol = e.symbol
where
    a.price is null
    or e.price is null
    or a.price != e.price
