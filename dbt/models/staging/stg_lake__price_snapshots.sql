-- CoinGecko price snapshots, typed; one row per (coin_id, vs_currency, last_updated_at).
-- Polling faster than CoinGecko refreshes returns the same quote again: the first ingested copy
-- (ingest_time, then Kafka position) is kept. Empty when the lake has no price_snapshots yet.

with source as (

    {{ optional_lake_source('price_snapshots') }}

),

typed as (

    select
        cast(coin_id as {{ dbt.type_string() }}) as coin_id,
        cast(vs_currency as {{ dbt.type_string() }}) as vs_currency,
        cast(price as {{ type_amount() }}) as price,
        cast(market_cap as {{ type_amount() }}) as market_cap,
        cast(volume_24h as {{ type_amount() }}) as volume_24h,
        cast(change_24h_pct as {{ type_double() }}) as change_24h_pct,
        cast(last_updated_at as {{ type_utc_timestamp() }}) as last_updated_at,
        cast(polled_at as {{ type_utc_timestamp() }}) as polled_at,
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
            partition by coin_id, vs_currency, last_updated_at
            order by ingest_time, kafka_partition, kafka_offset
        ) as copy_rank
    from typed

)

select
    coin_id,
    vs_currency,
    price,
    market_cap,
    volume_24h,
    change_24h_pct,
    last_updated_at,
    polled_at,
    ingest_time,
    kafka_topic,
    kafka_partition,
    kafka_offset
from ranked
where copy_rank = 1
