-- The stream's one-minute candles, one row per (exchange, symbol, window_start).
-- A window can be written several times: EARLY / ON_TIME / LATE panes of one launch, and again by
-- a relaunched pipeline (whose pane_index starts over). The kept row is a final pane when there
-- is one, else the latest emission (emitted_at, then pane_index).
-- final_contents_seen counts the different final candles written for the window: two launches
-- that finalised a window with different figures are an error, not a choice (the test on this
-- column fails; the row kept is then the latest final emission).

with source as (

    select * from {{ source('lake', 'candles_1m') }}

),

typed as (

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
        cast(emitted_at as {{ type_utc_timestamp() }}) as emitted_at
    from source

),

final_contents as (

    select
        exchange,
        symbol,
        window_start,
        count(distinct {{ dbt.hash(dbt.concat(candle_content_as_text())) }}) as final_contents_seen
    from typed
    where is_final
    group by exchange, symbol, window_start

),

ranked as (

    select
        *,
        row_number() over (
            partition by exchange, symbol, window_start
            order by case when is_final then 0 else 1 end, emitted_at desc, pane_index desc
        ) as pane_rank,
        count(*) over (partition by exchange, symbol, window_start) as panes_seen
    from typed

)

select
    ranked.exchange,
    ranked.symbol,
    ranked.window_start,
    ranked.window_end,
    ranked.open,
    ranked.high,
    ranked.low,
    ranked.close,
    ranked.volume,
    ranked.quote_volume,
    ranked.vwap,
    ranked.trade_count,
    ranked.taker_buy_volume,
    ranked.taker_sell_volume,
    ranked.first_trade_time,
    ranked.last_trade_time,
    ranked.pane_timing,
    ranked.pane_index,
    ranked.is_final,
    ranked.emitted_at,
    ranked.panes_seen,
    coalesce(final_contents.final_contents_seen, 0) as final_contents_seen
from ranked
left join final_contents
    on
        ranked.exchange = final_contents.exchange
        and ranked.symbol = final_contents.symbol
        and ranked.window_start = final_contents.window_start
where ranked.pane_rank = 1
