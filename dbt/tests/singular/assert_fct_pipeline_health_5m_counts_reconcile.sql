-- The health buckets must account for every de-duplicated trade (by trade time and by ingest
-- time) and every dead letter exactly once, and the per-reason rates must add up to the
-- bucket's dead-letter rate.
with health as (
    select
        coalesce(sum(trade_count), 0) as trade_count,
        coalesce(sum(ingested_count), 0) as ingested_count,
        coalesce(sum(dead_letter_count), 0) as dead_letter_count
    from {{ ref('fct_pipeline_health_5m') }}
),

expected as (
    select
        (select count(*) from {{ ref('stg_lake__trades') }}) as trade_count,
        (select count(*) from {{ ref('stg_lake__dead_letters') }}) as dead_letter_count
),

rates_by_reason as (
    select
        bucket_start,
        sum(dead_letter_rate) as rate
    from {{ ref('fct_dead_letter_rate_5m') }}
    group by bucket_start
),

rate_gaps as (
    select h.bucket_start
    from {{ ref('fct_pipeline_health_5m') }} as h
    left join rates_by_reason as r
        on h.bucket_start = r.bucket_start
    where abs(coalesce(h.dead_letter_rate, 0) - coalesce(r.rate, 0)) > 0.000000001
)

select
    'totals' as failure,
    health.trade_count
from health
cross join expected
where
    health.trade_count != expected.trade_count
    or health.ingested_count != expected.trade_count
    or health.dead_letter_count != expected.dead_letter_count

union all

select
    'rate' as failure,
    0 as trade_count
from rate_gaps
