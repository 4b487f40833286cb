-- Dead letters per five-minute bucket, reason and stage, with their share of all records the
-- pipeline accepted or rejected in that bucket (same denominator as fct_pipeline_health_5m).
-- Only (bucket, reason) pairs that occurred have a row.
--
-- Incremental: buckets are keyed by processing time (failed_at, ingest_time), so a run rebuilds
-- the recent days (recent_processing(), whole UTC days: insert_overwrite on BigQuery) from every
-- dead letter and trade processed in them; older buckets cannot change.

{{ config(
    materialized='incremental',
    unique_key=['bucket_start', 'reason_code', 'stage'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('bucket_start', expiration_days=var('ops_partition_expiration_days', 90))
) }}

with rejected as (

    select
        {{ floor_to_minutes('failed_at', 5) }} as bucket_start,
        reason_code,
        stage,
        count(*) as dead_letter_count
    from {{ ref('stg_lake__dead_letters') }}
    {% if is_incremental() %}
        where {{ recent_processing('failed_at') }}
    {% endif %}
    group by 1, 2, 3

),

ingested as (

    select
        {{ floor_to_minutes('ingest_time', 5) }} as bucket_start,
        count(*) as ingested_count
    from {{ ref('stg_lake__trades') }}
    {% if is_incremental() %}
        where
            {{ recent_partitions('trade_time') }}
            and {{ recent_processing('ingest_time') }}
    {% endif %}
    group by 1

),

rejected_per_bucket as (

    select
        bucket_start,
        sum(dead_letter_count) as bucket_dead_letter_count
    from rejected
    group by 1

)

select
    rejected.bucket_start,
    {{ add_minutes('rejected.bucket_start', 5) }} as bucket_end,
    rejected.reason_code,
    rejected.stage,
    rejected.dead_letter_count,
    cast(rejected.dead_letter_count as {{ type_double() }})
    / (coalesce(ingested.ingested_count, 0) + rejected_per_bucket.bucket_dead_letter_count) as dead_letter_rate
from rejected
inner join rejected_per_bucket on rejected.bucket_start = rejected_per_bucket.bucket_start
left join ingested on rejected.bucket_start = ingested.bucket_start
