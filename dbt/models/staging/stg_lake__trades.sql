-- One row per trade: typed, de-duplicated on (exchange, symbol, trade_id).
-- The first copy seen by the pipeline wins (earliest ingest_time, then Kafka position),
-- mirroring the stream's de-duplication that feeds the candles.

with source as (

    select * from {{ source('lake', 'trades') }}

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
        ) as copy_rank,
        count(*) over (partition by exchange, symbol, trade_id) as copies_seen
    from typed

)

select
    exchange,
    symbol,
    trade_id,
    price,
    quantity,
    {{ multiply_amounts('price', 'quantity') }} as quote_amount,
    side,
    trade_time,
    received_at,
    source,
    schema_version,
    ingest_time,
    kafka_topic,
    kafka_partition,
    kafka_offset,
    copies_seen
from ranked
where copy_rank = 1
