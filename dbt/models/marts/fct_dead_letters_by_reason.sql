-- Rejected records per reason and pipeline stage, over all time.
--
-- A small snapshot rebuilt whole each run from int_dead_letters_daily (one row per day, reason
-- and stage, itself incremental over the processing window), so a run never reads the raw dead
-- letters of older days.

select
    reason_code,
    stage,
    cast(sum(dead_letter_count) as {{ dbt.type_bigint() }}) as dead_letter_count,
    min(first_failed_at) as first_failed_at,
    max(last_failed_at) as last_failed_at
from {{ ref('int_dead_letters_daily') }}
group by reason_code, stage
