-- The stream's price-drop alerts, typed; one row per alert_id (the first emission wins if the
-- sink wrote an alert more than once). Empty when the lake has no price_alerts yet.

with source as (

    {{ optional_lake_source('price_alerts') }}

),

typed as (

    select
        cast(alert_id as {{ dbt.type_string() }}) as alert_id,
        cast(exchange as {{ dbt.type_string() }}) as exchange,
        cast(symbol as {{ dbt.type_string() }}) as symbol,
        cast(from_price as {{ type_amount() }}) as from_price,
        cast(from_time as {{ type_utc_timestamp() }}) as from_time,
        cast(to_price as {{ type_amount() }}) as to_price,
        cast(to_time as {{ type_utc_timestamp() }}) as to_time,
        cast(drop_pct as {{ type_double() }}) as drop_pct,
        cast(threshold_pct as {{ type_double() }}) as threshold_pct,
        cast(window_start as {{ type_utc_timestamp() }}) as window_start,
        cast(window_end as {{ type_utc_timestamp() }}) as window_end,
        cast(emitted_at as {{ type_utc_timestamp() }}) as emitted_at
    from source

),

ranked as (

    select
        *,
        row_number() over (partition by alert_id order by emitted_at) as emission_rank
    from typed

)

select
    alert_id,
    exchange,
    symbol,
    from_price,
    from_time,
    to_price,
    to_time,
    drop_pct,
    threshold_pct,
    window_start,
    window_end,
    emitted_at
from ranked
where emission_rank = 1
