-- Per instrument and UTC day of trade time: the additive totals of the day's trades (volume, the
-- exact quote amount as its rounded sum plus the residue sum, trade count), its first trade
-- (time and price, in the stream's trade order) and its last trade time. market_summary takes
-- its all-time figures from here, so a scheduled run sums one small row per instrument and day
-- instead of reading every trade ever loaded.
--
-- Incremental: a trade that reached the lake since the previous run lies inside the partition
-- window (recent_partitions()), so a run rebuilds the window's days from their trades. Not
-- partitioned: the table is small (one row per instrument and day) and is read whole by
-- market_summary; BigQuery merges on (exchange, symbol, trade_day) (a day's row never disappears:
-- trades are only ever added).

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'trade_day'],
    incremental_strategy=('merge' if target.type == 'bigquery' else 'delete+insert'),
    on_schema_change='fail'
) }}

with trades as (

    select
        exchange,
        symbol,
        {{ floor_to_minutes('trade_time', 1440) }} as trade_day,
        trade_time,
        trade_id_sort_key,
        price,
        quantity,
        quote_amount,
        quote_amount_residue
    from {{ ref('int_trades_minute') }}
    {% if is_incremental() %}
        where {{ recent_partitions('trade_time') }}
    {% endif %}

),

ranked as (

    select
        *,
        row_number() over (
            partition by exchange, symbol, trade_day order by trade_time, trade_id_sort_key
        ) as seq_asc
    from trades

)

select
    exchange,
    symbol,
    trade_day,
    sum(quantity) as volume,
    sum(quote_amount) as quote_amount_sum,
    {{ sum_residue('quote_amount_residue') }} as quote_residue_sum,
    count(*) as trade_count,
    min(trade_time) as first_trade_time,
    max(case when seq_asc = 1 then price end) as first_price,
    max(trade_time) as last_trade_time
from ranked
group by exchange, symbol, trade_day
