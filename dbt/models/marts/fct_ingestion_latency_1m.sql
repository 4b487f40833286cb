-- How long trades took from the venue to the pipeline, per exchange and minute of ingestion:
-- percentiles of (ingest_time - trade_time) in milliseconds over the de-duplicated trades
-- (the first delivery of each trade). Negative values mean the venue's clock is ahead.
-- Percentiles are exact on DuckDB and approximate (APPROX_QUANTILES) on BigQuery.
--
-- Incremental: rows are keyed by ingestion minute, so a run rebuilds the recent days of
-- ingestion (recent_processing(), whole UTC days: insert_overwrite on BigQuery) from every trade
-- ingested in them; older minutes cannot change.

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'minute_start'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('minute_start', cluster_by=['exchange'], expiration_days=var('ops_partition_expiration_days', 90))
) }}

with trades as (

    select
        exchange,
        {{ minute_floor('ingest_time') }} as minute_start,
        cast({{ epoch_micros('ingest_time') }} - {{ epoch_micros('trade_time') }} as {{ type_double() }})
        / 1000 as latency_ms
    from {{ ref('stg_lake__trades') }}
    {% if is_incremental() %}
        where
            {{ recent_partitions('trade_time') }}
            and {{ recent_processing('ingest_time') }}
    {% endif %}

)

select
    exchange,
    minute_start,
    count(*) as trade_count,
    {{ percentile('latency_ms', 0.5) }} as latency_ms_p50,
    {{ percentile('latency_ms', 0.95) }} as latency_ms_p95,
    {{ percentile('latency_ms', 0.99) }} as latency_ms_p99,
    max(latency_ms) as latency_ms_max
from trades
group by exchange, minute_start
