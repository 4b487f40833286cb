-- Order flow per instrument and minute: how much the takers bought versus sold.
-- imbalance = (buy - sell) / (buy + sell) in [-1, 1]; buy_sell_ratio = buy / sell.
-- Trades whose taker side is unknown count in neither side (unknown_side_volume shows them).
-- Incremental on the same windows-to-recompute rule as fct_candles_1m.

{{ config(
    materialized='incremental',
    unique_key=['exchange', 'symbol', 'window_start'],
    incremental_strategy=window_incremental_strategy(),
    on_schema_change='fail',
    **bigquery_options('window_start', cluster_by=['exchange', 'symbol'])
) }}

with trades as (

    select * from {{ ref('int_trades_minute') }}
    {% if is_incremental() %}
        where
            {{ recent_partitions('trade_time') }}
            and {{ in_windows_to_recompute('window_start', ref('int_trades_minute')) }}
    {% endif %}

),

sides as (

    select
        exchange,
        symbol,
        window_start,
        coalesce(sum(case when side = 'buy' then quantity end), 0) as buy_volume,
        coalesce(sum(case when side = 'sell' then quantity end), 0) as sell_volume,
        coalesce(sum(case when side = 'unknown' then quantity end), 0) as unknown_side_volume,
        coalesce(sum(case when side = 'buy' then quote_amount end), 0) as buy_quote_amount_sum,
        {{ sum_residue("case when side = 'buy' then quote_amount_residue end") }} as buy_quote_residue_sum,
        coalesce(sum(case when side = 'sell' then quote_amount end), 0) as sell_quote_amount_sum,
        {{ sum_residue("case when side = 'sell' then quote_amount_residue end") }} as sell_quote_residue_sum,
        count(case when side = 'buy' then 1 end) as buy_trade_count,
        count(case when side = 'sell' then 1 end) as sell_trade_count,
        count(*) as trade_count,
        max(ingest_time) as last_ingest_time
    from trades
    group by exchange, symbol, window_start

)

select
    exchange,
    symbol,
    window_start,
    buy_volume,
    sell_volume,
    unknown_side_volume,
    buy_volume - sell_volume as net_taker_volume,
    {{ exact_sum_amount('buy_quote_amount_sum', 'buy_quote_residue_sum') }} as buy_quote_volume,
    {{ exact_sum_amount('sell_quote_amount_sum', 'sell_quote_residue_sum') }} as sell_quote_volume,
    buy_trade_count,
    sell_trade_count,
    trade_count,
    case
        when buy_volume + sell_volume = 0 then null
        else {{ to_double('buy_volume - sell_volume') }} / {{ to_double('buy_volume + sell_volume') }}
    end as imbalance,
    case
        when sell_volume = 0 then null
        else {{ to_double('buy_volume') }} / {{ to_double('sell_volume') }}
    end as buy_sell_ratio,
    last_ingest_time
from sides
