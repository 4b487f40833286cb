-- De-duplicated trades tagged with their one-minute window and a trade-id sort key that orders
-- trades like the stream: trade_time, then trade_id (numerically when the id is all digits, as
-- text otherwise). No window functions here, so a filter on trade_time in a consumer reaches the
-- partitioned stg_lake__trades scan (BigQuery partition pruning).

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
    quote_amount_residue,
    side,
    ingest_time,
    kafka_partition,
    kafka_offset
from keyed
