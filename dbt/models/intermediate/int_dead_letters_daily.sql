-- Dead letters per UTC day of failure, reason and stage: count, first and last failure time.
-- fct_dead_letters_by_reason adds these rows up, so its all-time counts never read the raw
-- dead letters of older days again.
--
-- Incremental: failed_at is processing time, so a dead letter that reached the lake since the
-- previous run failed within recent_processing() (the last day, as for fct_dead_letter_rate_5m);
-- a run rebuilds those days from their dead letters. A relaunch's copy of an older dead letter is
-- removed by staging (the first failure is kept), so older days never change. Not partitioned:
-- the table is small (one row per day, reason and stage) and read whole by
-- fct_dead_letters_by_reason; BigQuery merges on its key (a day's row never disappears).

{{ config(
    materialized='incremental',
    unique_key=['failed_day', 'reason_code', 'stage'],
    incremental_strategy=('merge' if target.type == 'bigquery' else 'delete+insert'),
    on_schema_change='fail'
) }}

select
    {{ floor_to_minutes('failed_at', 1440) }} as failed_day,
    reason_code,
    stage,
    count(*) as dead_letter_count,
    min(failed_at) as first_failed_at,
    max(failed_at) as last_failed_at
from {{ ref('stg_lake__dead_letters') }}
{% if is_incremental() %}
    where {{ recent_processing('failed_at') }}
{% endif %}
group by 1, 2, 3
