-- Pipeline health per five-minute bucket (UTC, epoch-aligned), every bucket from the first to
-- the last event in the warehouse, including buckets where nothing arrived.
-- Counts: trades by trade time and by ingest time (de-duplicated trades), dead letters by
-- failure time. Staleness at the bucket's end: seconds since the newest trade time and the
-- newest ingest time seen so far. dead_letter_rate = dead letters / (ingested trades + dead
-- letters) in the bucket; duplicates the pipeline dropped are in neither count.

{{ config(
    materialized='table',
    **bigquery_options('bucket_start', expiration_days=var('ops_partition_expiration_days', 90))
) }}

with trades as (

    select
        exchange,
        symbol,
        trade_time,
        ingest_time
    from {{ ref('stg_lake__trades') }}

),

dead_letters as (

    select failed_at from {{ ref('stg_lake__dead_letters') }}

),

event_times as (

    select trade_time as event_at from trades
    union all
    select ingest_time as event_at from trades
    union all
    select failed_at as event_at from dead_letters

),

bounds as (

    select
        min(event_at) as first_event_at,
        max(event_at) as last_event_at
    from event_times

),

buckets as (

    {{ timestamp_spine(
        floor_to_minutes('(select first_event_at from bounds)', 5),
        floor_to_minutes('(select last_event_at from bounds)', 5),
        5,
        'bucket_start'
    ) }}

),

traded as (

    select
        {{ floor_to_minutes('trade_time', 5) }} as bucket_start,
        count(*) as trade_count,
        count(distinct {{ dbt.concat(['exchange', "':'", 'symbol']) }}) as active_instruments,
        max(trade_time) as last_trade_time
    from trades
    group by 1

),

ingested as (

    select
        {{ floor_to_minutes('ingest_time', 5) }} as bucket_start,
        count(*) as ingested_count,
        max(ingest_time) as last_ingest_time
    from trades
    group by 1

),

rejected as (

    select
        {{ floor_to_minutes('failed_at', 5) }} as bucket_start,
        count(*) as dead_letter_count
    from dead_letters
    group by 1

),

joined as (

    select
        buckets.bucket_start,
        {{ add_minutes('buckets.bucket_start', 5) }} as bucket_end,
        coalesce(traded.trade_count, 0) as trade_count,
        coalesce(traded.active_instruments, 0) as active_instruments,
        coalesce(ingested.ingested_count, 0) as ingested_count,
        coalesce(rejected.dead_letter_count, 0) as dead_letter_count,
        max(traded.last_trade_time) over (
            order by buckets.bucket_start rows between unbounded preceding and current row
        ) as last_trade_time,
        max(ingested.last_ingest_time) over (
            order by buckets.bucket_start rows between unbounded preceding and current row
        ) as last_ingest_time
    from buckets
    left join traded on buckets.bucket_start = traded.bucket_start
    left join ingested on buckets.bucket_start = ingested.bucket_start
    left join rejected on buckets.bucket_start = rejected.bucket_start

)

select
    bucket_start,
    bucket_end,
    trade_count,
    active_instruments,
    ingested_count,
    dead_letter_count,
    case
        when ingested_count + dead_letter_count = 0 then null
        else cast(dead_letter_count as {{ type_double() }}) / (ingested_count + dead_letter_count)
    end as dead_letter_rate,
    last_trade_time,
    last_ingest_time,
    {{ seconds_between('last_trade_time', 'bucket_end') }} as seconds_since_last_trade,
    {{ seconds_between('last_ingest_time', 'bucket_end') }} as seconds_since_last_ingest
from joined
