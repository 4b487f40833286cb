-- One row per UTC minute from the earliest to the latest trade or ingest time in the warehouse,
-- with its calendar attributes. Join facts on their minute (window_start, minute_start).
--
-- Incremental, bounded: a row depends on its minute only, and the range grows at its end. A run
-- rebuilds the partition window's days (insert_overwrite on BigQuery) from the window's trades
-- (trade time in recent_partitions(): a trade loaded since the previous run is there) and the
-- window's loaded minutes (which cover the ingest times of older trades). When the table
-- already holds minutes before the window the rebuilt range starts at the window's start
-- (spine_history(), spine_gap_check() in macros/incremental.sql).

{{ config(
    materialized='incremental',
    unique_key='minute_start',
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('minute_start')
) }}

with trades as (

    select
        trade_time,
        ingest_time
    from {{ ref('stg_lake__trades') }}
    {% if is_incremental() %}
        where {{ recent_partitions('trade_time') }}
    {% endif %}

),

event_times as (

    select trade_time as event_at from trades
    union all
    select ingest_time as event_at from trades
    {% if is_incremental() %}
        union all
        select minute_start as event_at from {{ this }}
        where {{ recent_partitions('minute_start') }}
    {% endif %}

),

{% if is_incremental() %}

history as (

    {{ spine_history('minute_start') }}

),

{% endif %}

bounds as (

    {% if is_incremental() %}
        select
            case
                when history.has_older then {{ partition_window_start() }}
                else {{ minute_floor('min(event_times.event_at)') }}
            end as first_minute,
            {{ spine_gap_check('history', 1, minute_floor('max(event_times.event_at)')) }} as last_minute
        from event_times
        cross join history
        group by history.has_older, history.last_before
    {% else %}
        select
            {{ minute_floor('min(event_at)') }} as first_minute,
            {{ minute_floor('max(event_at)') }} as last_minute
        from event_times
    {% endif %}

),

minutes as (

    {{ timestamp_spine(
        '(select first_minute from bounds)',
        '(select last_minute from bounds)',
        1,
        'minute_start'
    ) }}

)

select
    minute_start,
    {{ add_minutes('minute_start', 1) }} as minute_end,
    {{ floor_to_minutes('minute_start', 60) }} as hour_start,
    {{ utc_date('minute_start') }} as date_day,
    cast(extract(hour from minute_start) as {{ dbt.type_int() }}) as hour_of_day,
    cast(extract(minute from minute_start) as {{ dbt.type_int() }}) as minute_of_hour,
    cast({{ iso_day_of_week('minute_start') }} as {{ dbt.type_int() }}) as iso_day_of_week,
    {{ iso_day_of_week('minute_start') }} in (6, 7) as is_weekend
from minutes
