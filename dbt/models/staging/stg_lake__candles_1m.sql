-- The stream's one-minute candles, reduced to the newest emission (highest pane_index)
-- of each (exchange, symbol, window_start).

with source as (

    select * from {{ source('lake', 'candles_1m') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by exchange, symbol, window_start
            order by pane_index desc, emitted_at desc
        ) as pane_rank,
        count(*) over (partition by exchange, symbol, window_start) as panes_seen
    from source

)

select
    cast(exchange as {{ dbt.type_string() }}) as exchange,
    cast(symbol as {{ dbt.type_string() }}) as symbol,
    cast(window_start as {{ type_utc_timestamp() }}) as window_start,
    cast(window_end as {{ type_utc_timestamp() }}) as window_end,
    cast(open as {{ type_amount() }}) as open,
    cast(high as {{ type_amount() }}) as high,
    cast(low as {{ type_amount() }}) as low,
    cast(close as {{ type_amount() }}) as close,
    cast(volume as {{ type_amount() }}) as volume,
    cast(quote_volume as {{ type_amount() }}) as quote_volume,
    cast(vwap as {{ type_amount() }}) as vwap,
    cast(trade_count as {{ dbt.type_bigint() }}) as trade_count,
    cast(taker_buy_volume as {{ type_amount() }}) as taker_buy_volume,
    cast(taker_sell_volume as {{ type_amount() }}) as taker_sell_volume,
    cast(first_trade_time as {{ type_utc_timestamp() }}) as first_trade_time,
    cast(last_trade_time as {{ type_utc_timestamp() }}) as last_trade_time,
    cast(pane_timing as {{ dbt.type_string() }}) as pane_timing,
    cast(pane_index as {{ dbt.type_bigint() }}) as pane_index,
    cast(is_final as {{ dbt.type_boolean() }}) as is_final,
    cast(emitted_at as {{ type_utc_timestamp() }}) as emitted_at,
    panes_seen
from ranked
where pane_rank = 1
