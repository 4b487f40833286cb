-- One row per UTC minute from the earliest to the latest trade or ingest time in the warehouse,
-- with its calendar attributes. Join facts on their minute (window_start, minute_start).

{{ config(materialized='table') }}

with bounds as (

    select
        min(trade_time) as first_at,
        max(ingest_time) as last_at,
        min(ingest_time) as first_ingest_at,
        max(trade_time) as last_trade_at
    from {{ ref('stg_lake__trades') }}

),

minutes as (

    {{ timestamp_spine(
        minute_floor('(select least(first_at, first_ingest_at) from bounds)'),
        minute_floor('(select greatest(last_at, last_trade_at) from bounds)'),
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
