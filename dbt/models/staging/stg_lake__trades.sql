-- One row per trade: typed, de-duplicated on (exchange, symbol, trade_id).
-- The first copy seen by the pipeline wins (earliest ingest_time, then Kafka position),
-- mirroring the stream's de-duplication that feeds the candles. The same key removes the copies a
-- relaunched pipeline writes again (same Kafka record read twice, new ingest_time).
-- quote_amount is price * quantity rounded HALF_EVEN to 18 decimals; quote_amount_residue keeps
-- the rest of the exact product (1e-36 units), so sums of quote amounts stay exact
-- (macros/exact_amounts.sql).
--
-- Incremental: a run reads only raw rows ingested inside the look-back (see macros/incremental.sql)
-- and inserts the trades not already loaded, so an earlier-ingested copy is never replaced and a
-- re-run over the same lake inserts nothing.

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'trade_id'],
    incremental_strategy=('merge' if target.type == 'bigquery' else 'delete+insert'),
    incremental_predicates=recent_partitions_predicates('trade_time'),
    on_schema_change='fail',
    **bigquery_options('trade_time', cluster_by=['exchange', 'symbol', 'trade_id'])
) }}

with source as (

    select * from {{ source('lake', 'trades') }}
    {% if is_incremental() %}
        where
            {{ recent_partitions('trade_time') }}
            and ingest_time >= {{ lookback_start('ingest_time') }}
    {% endif %}

),

typed as (

    select
        cast(exchange as {{ dbt.type_string() }}) as exchange,
        cast(symbol as {{ dbt.type_string() }}) as symbol,
        cast(trade_id as {{ dbt.type_string() }}) as trade_id,
        {{ safe_cast_amount('price') }} as price,
        {{ safe_cast_amount('quantity') }} as quantity,
        cast(side as {{ dbt.type_string() }}) as side,
        cast(trade_time as {{ type_utc_timestamp() }}) as trade_time,
        cast(received_at as {{ type_utc_timestamp() }}) as received_at,
        cast(source as {{ dbt.type_string() }}) as source,
        cast(schema_version as {{ dbt.type_int() }}) as schema_version,
        cast(ingest_time as {{ type_utc_timestamp() }}) as ingest_time,
        cast(kafka_topic as {{ dbt.type_string() }}) as kafka_topic,
        cast(kafka_partition as {{ dbt.type_int() }}) as kafka_partition,
        cast(kafka_offset as {{ dbt.type_bigint() }}) as kafka_offset
    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by exchange, symbol, trade_id
            order by ingest_time, kafka_partition, kafka_offset
        ) as copy_rank
    from typed

),

first_copies as (

    select * from ranked
    where copy_rank = 1

)

select
    exchange,
    symbol,
    trade_id,
    price,
    quantity,
    {{ multiply_amounts('price', 'quantity') }} as quote_amount,
    {{ multiply_residue('price', 'quantity') }} as quote_amount_residue,
    side,
    trade_time,
    received_at,
    source,
    schema_version,
    ingest_time,
    kafka_topic,
    kafka_partition,
    kafka_offset
from first_copies
{% if is_incremental() %}
    where {{ not_loaded_yet('first_copies', ['exchange', 'symbol', 'trade_id'], 'trade_time') }}
{% endif %}
