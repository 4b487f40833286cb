-- Records the pipeline rejected, one row per rejected Kafka record.
-- Empty (not an error) when the lake holds no dead letters.

with source as (

    {{ optional_lake_source('dead_letters') }}

)

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
