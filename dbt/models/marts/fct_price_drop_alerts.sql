-- Price-drop alerts computed in batch from the de-duplicated trades: a trade whose price is at
-- least var('price_drop_threshold_pct') (5) percent below the highest price of the same
-- instrument in the preceding var('price_drop_window_minutes') (10) minutes, the trade itself
-- included. At most one alert per instrument and minute: the deepest drop in that minute
-- (ties: the earliest trade). from_time is the latest trade at the window's high.
-- The threshold test is exact decimal arithmetic: price <= high * (1 - threshold / 100), with the
-- product exact (multiply_amounts + multiply_residue), so it holds for every price the contract
-- allows (20 integer digits).
--
-- Incremental: a trade changes only the alerts of the minutes up to
-- var('price_drop_window_minutes') after its trade time, and a trade that reached the lake since
-- the previous run is at most the pipeline's --maxTradeAge old. So a run rebuilds the alert
-- minutes within recent_partitions() (whole UTC days: insert_overwrite on BigQuery) from the
-- trades of one day more, which gives the oldest of those minutes their full window.

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'alert_minute'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('alert_minute', cluster_by=['exchange', 'symbol'])
) }}

{%- set threshold = var('price_drop_threshold_pct', 5) %}
{%- set window_minutes = var('price_drop_window_minutes', 10) %}
{%- set window_us = window_minutes * 60000000 %}
{%- set keep_factor = "cast('" ~ ((100 - threshold) / 100) ~ "' as " ~ type_amount() ~ ")" %}

with trades as (

    select
        exchange,
        symbol,
        trade_id,
        trade_id_sort_key,
        trade_time,
        {{ epoch_micros('trade_time') }} as trade_us,
        price
    from {{ ref('int_trades_minute') }}
    {% if is_incremental() %}
        where {{ recent_partitions('trade_time', extra_days=1) }}
    {% endif %}

),

windowed as (

    select
        *,
        max(price) over (
            partition by exchange, symbol
            order by trade_us
            range between {{ window_us }} preceding and current row
        ) as window_high
    from trades

),

drops as (

    select
        *,
        {{ minute_floor('trade_time') }} as alert_minute,
        ({{ to_double('window_high') }} - {{ to_double('price') }}) / {{ to_double('window_high') }} * 100 as drop_pct
    from windowed
    where
        price < {{ multiply_amounts('window_high', keep_factor) }}
        or (
            price = {{ multiply_amounts('window_high', keep_factor) }}
            and {{ multiply_residue('window_high', keep_factor) }} >= 0
        )

),

deepest_per_minute as (

    select
        *,
        row_number() over (
            partition by exchange, symbol, alert_minute
            order by drop_pct desc, trade_time asc, trade_id_sort_key asc
        ) as depth_rank
    from drops

),

alerts as (

    select * from deepest_per_minute
    where
        depth_rank = 1
        and {{ recent_partitions('alert_minute') if is_incremental() else 'true' }}

),

peaks as (

    select
        alerts.exchange,
        alerts.symbol,
        alerts.alert_minute,
        max(trades.trade_time) as from_time
    from alerts
    inner join trades
        on
            alerts.exchange = trades.exchange
            and alerts.symbol = trades.symbol
            and alerts.window_high = trades.price
            and trades.trade_us between alerts.trade_us - {{ window_us }} and alerts.trade_us
    group by alerts.exchange, alerts.symbol, alerts.alert_minute

)

select
    {{ dbt.hash(dbt.concat([
        'alerts.exchange', "'|'", 'alerts.symbol', "'|'",
        'cast(' ~ epoch_micros('alerts.alert_minute') ~ ' as ' ~ dbt.type_string() ~ ')'
    ])) }} as alert_id,
    alerts.exchange,
    alerts.symbol,
    alerts.alert_minute,
    alerts.window_high as from_price,
    peaks.from_time,
    alerts.price as to_price,
    alerts.trade_time as to_time,
    alerts.trade_id as to_trade_id,
    alerts.drop_pct,
    cast({{ threshold }} as {{ type_double() }}) as threshold_pct,
    {{ window_minutes }} as window_minutes
from alerts
inner join peaks
    on
        alerts.exchange = peaks.exchange
        and alerts.symbol = peaks.symbol
        and alerts.alert_minute = peaks.alert_minute
