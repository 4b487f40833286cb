-- The price of every instrument as a step function: each trade sets the price from its
-- trade_time (valid_from, inclusive) until the next trade of the instrument (valid_to,
-- exclusive; null for the latest trade). "Price of X at time T" is the one row with
-- valid_from <= T < coalesce(valid_to, +inf); see the price_as_of() macro.
-- Trades sharing a timestamp are ordered like the stream orders them (trade_id), so only the
-- last of them has a non-empty interval.
--
-- Incremental, bounded: a new (or late) trade changes its own interval and the valid_to of the
-- trade before it. Both end at or after the new trade's time, which is inside the partition
-- window (recent_partitions(): a trade that reached the lake since the previous run is at most
-- --maxTradeAge old). So only intervals whose valid_to is in the window or null can change: a
-- run rebuilds exactly those, from the trades of the window plus, per instrument, the one loaded
-- interval that starts before the window and is still open at its start (its price and trade
-- are all the rebuild needs of older history). Partitioned by valid_to (nulls: BigQuery's
-- __NULL__ partition), so the run reads and merges into the window's partitions only.
-- BigQuery: merge on the trade key restricted to those partitions (incremental_predicates, one
-- day wider: the merge statement evaluates current_timestamp() again, possibly after midnight);
-- a trade's valid_to only ever moves earlier, so its loaded row is always inside them.


{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'trade_id'],
    incremental_strategy=('merge' if target.type == 'bigquery' else 'delete+insert'),
    incremental_predicates=([open_in_partition_window('DBT_INTERNAL_DEST.valid_to', extra_days=1)] if target.type == 'bigquery' else []),
    on_schema_change='fail',
    **bigquery_options('valid_to', cluster_by=['exchange', 'symbol'])
) }}

with trades as (

    select
        exchange,
        symbol,
        trade_id,
        trade_id_sort_key,
        price,
        trade_time,
        ingest_time
    from {{ ref('int_trades_minute') }}
    {% if is_incremental() %}
        where {{ recent_partitions('trade_time') }}
    {% endif %}

),

{% if is_incremental() %}

open_at_window_start as (

    select
        exchange,
        symbol,
        trade_id,
        {{ trade_id_sort_key('trade_id') }} as trade_id_sort_key,
        price,
        valid_from as trade_time,
        ingest_time
    from {{ this }}
    where
        {{ open_in_partition_window('valid_to') }}
        and valid_from < {{ partition_window_start() }}

),

{% endif %}

scoped as (

    select * from trades
    {% if is_incremental() %}
        union all
        select * from open_at_window_start
    {% endif %}

)

select
    exchange,
    symbol,
    trade_id,
    price,
    trade_time as valid_from,
    ingest_time,
    lead(trade_time) over (
        partition by exchange, symbol
        order by trade_time, trade_id_sort_key
    ) as valid_to
from scoped
