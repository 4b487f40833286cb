-- Records the pipeline rejected, one row per rejected record and rejection.
-- Empty (not an error) when the lake holds no dead letters.
--
-- A relaunched pipeline re-reads records it had already rejected and writes their dead letters
-- again, so rows are de-duplicated on dead_letter_key (the first failure is kept):
--  - a Kafka record (topic and offset known): topic, partition, offset, stage, reason_code;
--  - a row a sink refused without Kafka coordinates (a candle, an alert): stage, reason_code and
--    a hash of the payload with its emission time removed (a relaunch emits the same row again
--    with a new emitted_at).
-- stage_kind groups the stages: parse, validate, parse-price, sink (every sink:<sink>:<table>).
--
-- Incremental, like stg_lake__trades: a run reads the raw rows that failed inside the look-back
-- (failed_at is processing time) and within recent_partitions(), and inserts the keys not loaded
-- yet, so the first loaded copy is never replaced. A table rather than a view because the
-- de-duplication (a window over dead_letter_key) would keep a consumer's filter on failed_at from
-- reaching the raw table: every consumer read the whole raw history on BigQuery. Copies of one
-- dead letter come from re-reading Kafka, so they lie within Kafka's retention (7 days) of each
-- other, inside the partition window the check for an earlier copy looks at.

{{ config(
    materialized='incremental',
    unique_key='dead_letter_key',
    incremental_strategy=('merge' if target.type == 'bigquery' else 'delete+insert'),
    incremental_predicates=recent_partitions_predicates('failed_at'),
    on_schema_change='fail',
    **bigquery_options('failed_at')
) }}

with source as (

    select * from ({{ optional_lake_source('dead_letters') }}) as lake_rows
    {% if is_incremental() %}
        where
            {{ recent_partitions('failed_at') }}
            and failed_at >= {{ lookback_start('failed_at') }}
    {% endif %}

),

typed as (

    select
        cast(reason_code as {{ dbt.type_string() }}) as reason_code,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(message as {{ dbt.type_string() }}) as message,
        cast(payload as {{ dbt.type_string() }}) as payload,
        cast(payload_base64 as {{ dbt.type_string() }}) as payload_base64,
        cast(kafka_topic as {{ dbt.type_string() }}) as kafka_topic,
        cast(kafka_partition as {{ dbt.type_int() }}) as kafka_partition,
        cast(kafka_offset as {{ dbt.type_bigint() }}) as kafka_offset,
        cast(kafka_key as {{ dbt.type_string() }}) as kafka_key,
        cast(kafka_timestamp as {{ type_utc_timestamp() }}) as kafka_timestamp,
        cast(failed_at as {{ type_utc_timestamp() }}) as failed_at,
        cast(stack_trace as {{ dbt.type_string() }}) as stack_trace
    from source

),

keyed as (

    select
        *,
        case
            when coalesce(kafka_topic, '') != '' and kafka_offset >= 0
                then {{ dbt.concat([
                    "'kafka|'", 'kafka_topic', "'|'", 'cast(kafka_partition as ' ~ dbt.type_string() ~ ')',
                    "'|'", 'cast(kafka_offset as ' ~ dbt.type_string() ~ ')', "'|'", 'stage', "'|'", 'reason_code'
                ]) }}
            else {{ dbt.concat([
                "'payload|'", 'stage', "'|'", 'reason_code', "'|'",
                dbt.hash(regexp_replace_all(
                    "coalesce(payload, concat('base64:', payload_base64), '')",
                    '(?i)\"?emitted_?at(_?micros)?\"?\\s*[=:]\\s*\"?[^,}\\]\"]*\"?',
                    ''
                ))
            ]) }}
        end as dead_letter_key,
        case when stage like 'sink:%' then 'sink' else stage end as stage_kind
    from typed

),

ranked as (

    select
        *,
        row_number() over (
            partition by dead_letter_key
            order by failed_at, kafka_timestamp
        ) as copy_rank
    from keyed

),

first_copies as (

    select * from ranked
    where copy_rank = 1

)

select
    dead_letter_key,
    reason_code,
    stage,
    stage_kind,
    message,
    payload,
    payload_base64,
    kafka_topic,
    kafka_partition,
    kafka_offset,
    kafka_key,
    kafka_timestamp,
    failed_at,
    stack_trace
from first_copies
{% if is_incremental() %}
    where {{ not_loaded_yet('first_copies', ['dead_letter_key'], 'failed_at') }}
{% endif %}
