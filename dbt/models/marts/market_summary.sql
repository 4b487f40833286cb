-- One row per instrument (exchange + symbol) over all trades in the warehouse.

with trades as (

    select
        *,
        {{ trade_id_sort_key('trade_id') }} as trade_id_sort_key
    from {{ ref('stg_lake__trades') }}

),

ordered as (

    select
        *,
        row_number() over (
            partition by exchange, symbol order by trade_time, trade_id_sort_key
        ) as seq_asc,
        row_number() over (
            partition by exchange, symbol order by trade_time desc, trade_id_sort_key desc
        ) as seq_desc
    from trades

),

summary as (

    select
        exchange,
        symbol,
        max(case when seq_asc = 1 then price end) as first_price,
        max(case when seq_desc = 1 then price end) as last_price,
        sum(quantity) as volume,
        sum(quote_amount) as quote_volume,
        count(*) as trade_count,
        min(trade_time) as first_trade_time,
        max(trade_time) as last_trade_time
    from ordered
    group by exchange, symbol

)

select
    exchange,
    symbol,
    last_price,
    first_price,
    case
        when first_price is null or first_price = 0 then null
        else
            cast(last_price - first_price as {{ dbt.type_float() }})
            / cast(first_price as {{ dbt.type_float() }}) * 100
    end as price_change_pct,
    volume,
    quote_volume,
    trade_count,
    first_trade_time,
    last_trade_time
from summary
