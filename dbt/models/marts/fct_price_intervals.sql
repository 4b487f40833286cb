-- The price of every instrument as a step function: each trade sets the price from its
-- trade_time (valid_from, inclusive) until the next trade of the instrument (valid_to,
-- exclusive; null for the latest trade). "Price of X at time T" is the one row with
-- valid_from <= T < coalesce(valid_to, +inf); see the price_as_of() macro.
-- Trades sharing a timestamp are ordered like the stream orders them (trade_id), so only the
-- last of them has a non-empty interval.
--
-- Incremental: a new (or late) trade changes its own interval and the valid_to of the trade
-- before it. A run finds, per instrument with trades ingested inside the look-back, the loaded
-- interval that starts before the earliest such trade, and rebuilds every interval from the
-- earliest of those points on (on BigQuery from the start of that UTC day, because
-- insert_overwrite replaces whole day partitions).

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'trade_id'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('valid_from', cluster_by=['exchange', 'symbol'])
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

),

{% if is_incremental() %}

changed_instruments as (

    select
        exchange,
        symbol,
        min(trade_time) as changed_from
    from trades
    where ingest_time >= {{ lookback_start('ingest_time') }}
    group by exchange, symbol

),

restart_points as (

    select
        changed_instruments.exchange,
        changed_instruments.symbol,
        coalesce(max(loaded.valid_from), changed_instruments.changed_from) as rebuild_from
    from changed_instruments
    left join {{ this }} as loaded
        on
            changed_instruments.exchange = loaded.exchange
            and changed_instruments.symbol = loaded.symbol
            and loaded.valid_from < changed_instruments.changed_from
    group by changed_instruments.exchange, changed_instruments.symbol, changed_instruments.changed_from

),

{% endif %}

scoped as (

    select * from trades
    {% if is_incremental() %}
        where trade_time >= (select {{ recompute_unit('min(rebuild_from)') }} from restart_points)
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
