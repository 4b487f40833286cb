-- Pipeline health per five-minute bucket (UTC, epoch-aligned), every bucket from the first to
-- the last event in the warehouse, including buckets where nothing arrived.
-- Counts: trades by trade time and by ingest time (de-duplicated trades), dead letters by
-- failure time. Staleness at the bucket's end: seconds since the newest trade time and the
-- newest ingest time seen so far. dead_letter_rate = dead letters / (ingested trades + dead
-- letters) in the bucket; duplicates the pipeline dropped are in neither count.
--
-- Incremental, bounded: a run rebuilds the buckets of the partition window's days
-- (insert_overwrite on BigQuery). A trade loaded since the previous run has its trade time in the
-- window (recent_partitions()) and its ingest time later still; a dead letter's failed_at is its
-- processing time. So the window's buckets are rebuilt from the trades whose trade time is in the
-- window (trade counts), those at most var('max_trade_age_days') older (ingest counts: a trade
-- ingested in the window was at most that old) and the window's dead letters. The running
-- staleness maxima start from the loaded bucket just before the window, and the spine from the
-- window's start when older buckets exist (spine_history(), spine_gap_check() in
-- macros/incremental.sql).

{{ config(
    materialized='incremental',
    unique_key='bucket_start',
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('bucket_start', expiration_days=var('ops_partition_expiration_days', 90))
) }}

with trades as (

    select
        exchange,
        symbol,
        trade_time,
        ingest_time
    from {{ ref('stg_lake__trades') }}
    {% if is_incremental() %}
        where {{ recent_partitions('trade_time', extra_days=var('max_trade_age_days', 7)) }}
    {% endif %}

),

dead_letters as (

    select failed_at from {{ ref('stg_lake__dead_letters') }}
    {% if is_incremental() %}
        where {{ recent_partitions('failed_at') }}
    {% endif %}

),

{% if is_incremental() %}

window_trades as (

    select * from trades
    where {{ recent_partitions('trade_time') }}

),

window_ingests as (

    select * from trades
    where {{ recent_partitions('ingest_time') }}

),

history as (

    {{ spine_history('bucket_start') }}

),

loaded_before_window as (

    select
        bucket_start,
        last_trade_time,
        last_ingest_time
    from {{ this }}
    where
        {{ recent_partitions('bucket_start', extra_days=1) }}
        and bucket_start = {{ add_minutes(partition_window_start(), -5) }}

),

{% endif %}

event_times as (

    {% if is_incremental() %}
        select trade_time as event_at from window_trades
        union all
        select ingest_time as event_at from window_ingests
        union all
        select bucket_start as event_at from {{ this }}
        where {{ recent_partitions('bucket_start') }}
    {% else %}
        select trade_time as event_at from trades
        union all
        select ingest_time as event_at from trades
    {% endif %}
    union all
    select failed_at as event_at from dead_letters

),

bounds as (

    {% if is_incremental() %}
        select
            case
                when history.has_older then {{ add_minutes(partition_window_start(), -5) }}
                else {{ floor_to_minutes('min(event_times.event_at)', 5) }}
            end as first_bucket,
            {{ spine_gap_check('history', 5, floor_to_minutes('max(event_times.event_at)', 5)) }} as last_bucket
        from event_times
        cross join history
        group by history.has_older, history.last_before
    {% else %}
        select
            {{ floor_to_minutes('min(event_at)', 5) }} as first_bucket,
            {{ floor_to_minutes('max(event_at)', 5) }} as last_bucket
        from event_times
    {% endif %}

),

buckets as (

    {{ timestamp_spine(
        '(select first_bucket from bounds)',
        '(select last_bucket from bounds)',
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
    from {{ 'window_trades' if is_incremental() else 'trades' }}
    group by 1
    {% if is_incremental() %}
        union all
        select bucket_start, 0, 0, last_trade_time from loaded_before_window
    {% endif %}

),

ingested as (

    select
        {{ floor_to_minutes('ingest_time', 5) }} as bucket_start,
        count(*) as ingested_count,
        max(ingest_time) as last_ingest_time
    from {{ 'window_ingests' if is_incremental() else 'trades' }}
    group by 1
    {% if is_incremental() %}
        union all
        select bucket_start, 0, last_ingest_time from loaded_before_window
    {% endif %}

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
{% if is_incremental() %}
    where {{ recent_partitions('bucket_start') }}
{% endif %}
