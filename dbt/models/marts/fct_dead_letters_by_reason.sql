-- Rejected records per reason and pipeline stage.

select
    reason_code,
    stage,
    count(*) as dead_letter_count,
    min(failed_at) as first_failed_at,
    max(failed_at) as last_failed_at
from {{ ref('stg_lake__dead_letters') }}
group by reason_code, stage
