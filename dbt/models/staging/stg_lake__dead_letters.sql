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

with source as (

    {{ optional_lake_source('dead_letters') }}

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
from ranked
where copy_rank = 1
