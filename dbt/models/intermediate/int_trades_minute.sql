-- De-duplicated trades tagged with their one-minute window and their position inside it.
-- Order inside an instrument follows the stream's rule: trade_time, then trade_id
-- (numerically when the id is all digits, as text otherwise).

with trades as (

    select * from {{ ref('stg_lake__trades') }}

),

keyed as (

    select
        *,
        {{ minute_floor('trade_time') }} as window_start,
        {{ trade_id_sort_key('trade_id') }} as trade_id_sort_key
    from trades

)

select
    exchange,
    symbol,
    window_start,
    {{ add_minutes('window_start', 1) }} as window_end,
    trade_id,
    trade_id_sort_key,
    trade_time,
    price,
    quantity,
    quote_amount,
    side,
    ingest_time,
    row_number() over (
        partition by exchange, symbol, window_start
        order by trade_time, trade_id_sort_key
    ) as seq_in_window,
    row_number() over (
        partition by exchange, symbol, window_start
        order by trade_time desc, trade_id_sort_key desc
    ) as seq_in_window_desc
from keyed
