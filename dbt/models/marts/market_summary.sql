-- One row per instrument (exchange + symbol), as of the newest trade in the warehouse
-- (`as_of`: data time, not wall-clock time, so an old lake still gives a meaningful summary).
-- Latest price; change over the last hour and 24 hours (against the price in force exactly
-- 1 h / 24 h before as_of, null when the instrument has no trade that old); 24 h volume and its
-- rank (by quote volume); today's (UTC day of as_of) realised volatility and its rank.
-- All-time columns (first_price, price_change_pct, volume, trade_count, ...) cover every trade
-- in the warehouse.
--
-- A small snapshot, rebuilt whole each run but from bounded reads: the all-time figures add up
-- int_trades_daily (one row per instrument and day, exact sums); the as_of-relative figures read
-- only the partition window (recent_partitions(): the price intervals still open in it, its
-- trades, its volatility days). That is exact while as_of - 24 h is inside the window, i.e. the
-- newest trade is less than partition_lookback_days - 1 (7) days old. An older warehouse (the
-- pipeline stopped for a week) makes the run fail with a message instead of giving figures that
-- differ from a full read: raise var('partition_lookback_days') for that run.

{{ config(materialized='table') }}

with daily as (

    select * from {{ ref('int_trades_daily') }}

),

reference_time as (

    select
        case
            when {{ add_minutes('max(last_trade_time)', -1440) }} < {{ partition_window_start() }}
                then error('market_summary: the newest trade is older than the partition window allows (24 h look-back); run with a larger var partition_lookback_days')
            else max(last_trade_time)
        end as as_of
    from daily

),

intervals as (

    select * from {{ ref('fct_price_intervals') }}
    where {{ open_in_partition_window('valid_to') }}

),

latest as (

    select
        exchange,
        symbol,
        price as last_price,
        valid_from as last_trade_time
    from intervals
    where valid_to is null

),

first_days as (

    select
        exchange,
        symbol,
        first_price,
        row_number() over (partition by exchange, symbol order by trade_day) as day_asc
    from daily

),

price_1h_ago as (

    select
        intervals.exchange,
        intervals.symbol,
        intervals.price
    from intervals
    cross join reference_time
    where
        intervals.valid_from <= {{ add_minutes('reference_time.as_of', -60) }}
        and (
            intervals.valid_to is null
            or intervals.valid_to > {{ add_minutes('reference_time.as_of', -60) }}
        )

),

price_24h_ago as (

    select
        intervals.exchange,
        intervals.symbol,
        intervals.price
    from intervals
    cross join reference_time
    where
        intervals.valid_from <= {{ add_minutes('reference_time.as_of', -1440) }}
        and (
            intervals.valid_to is null
            or intervals.valid_to > {{ add_minutes('reference_time.as_of', -1440) }}
        )

),

all_time as (

    select
        exchange,
        symbol,
        sum(volume) as volume,
        sum(quote_amount_sum) as quote_amount_sum,
        {{ sum_residue('quote_residue_sum') }} as quote_residue_sum,
        cast(sum(trade_count) as {{ dbt.type_bigint() }}) as trade_count,
        min(first_trade_time) as first_trade_time
    from daily
    group by exchange, symbol

),

last_24h as (

    select
        trades.exchange,
        trades.symbol,
        sum(trades.quantity) as volume_24h,
        sum(trades.quote_amount) as quote_amount_sum_24h,
        {{ sum_residue('trades.quote_amount_residue') }} as quote_residue_sum_24h,
        count(*) as trade_count_24h
    from {{ ref('stg_lake__trades') }} as trades
    cross join reference_time
    where
        {{ recent_partitions('trades.trade_time') }}
        and trades.trade_time > {{ add_minutes('reference_time.as_of', -1440) }}
    group by trades.exchange, trades.symbol

),

volatility_today as (

    select
        volatility.exchange,
        volatility.symbol,
        volatility.realized_volatility as realized_volatility_today
    from {{ ref('fct_realized_volatility') }} as volatility
    cross join reference_time
    where
        {{ recent_partitions('volatility.period_start') }}
        and volatility.period = 'day'
        and volatility.period_start = {{ floor_to_minutes('reference_time.as_of', 1440) }}

),

combined as (

    select
        all_time.exchange,
        all_time.symbol,
        reference_time.as_of,
        latest.last_price,
        latest.last_trade_time,
        price_1h_ago.price as price_1h_ago,
        price_24h_ago.price as price_24h_ago,
        first_days.first_price,
        volatility_today.realized_volatility_today,
        all_time.volume,
        {{ exact_sum_amount('all_time.quote_amount_sum', 'all_time.quote_residue_sum') }} as quote_volume,
        all_time.trade_count,
        all_time.first_trade_time,
        coalesce(last_24h.volume_24h, 0) as volume_24h,
        coalesce(
            {{ exact_sum_amount('last_24h.quote_amount_sum_24h', 'last_24h.quote_residue_sum_24h') }}, 0
        ) as quote_volume_24h,
        coalesce(last_24h.trade_count_24h, 0) as trade_count_24h
    from all_time
    cross join reference_time
    inner join latest
        on all_time.exchange = latest.exchange and all_time.symbol = latest.symbol
    inner join first_days
        on
            all_time.exchange = first_days.exchange
            and all_time.symbol = first_days.symbol
            and first_days.day_asc = 1
    left join price_1h_ago
        on all_time.exchange = price_1h_ago.exchange and all_time.symbol = price_1h_ago.symbol
    left join price_24h_ago
        on all_time.exchange = price_24h_ago.exchange and all_time.symbol = price_24h_ago.symbol
    left join last_24h
        on all_time.exchange = last_24h.exchange and all_time.symbol = last_24h.symbol
    left join volatility_today
        on all_time.exchange = volatility_today.exchange and all_time.symbol = volatility_today.symbol

),

measures as (

    select
        *,
        {{ to_double('last_price - price_1h_ago') }} / {{ to_double('price_1h_ago') }} * 100 as change_1h_pct,
        {{ to_double('last_price - price_24h_ago') }} / {{ to_double('price_24h_ago') }} * 100 as change_24h_pct,
        {{ to_double('last_price - first_price') }} / {{ to_double('first_price') }} * 100 as price_change_pct,
        rank() over (order by quote_volume_24h desc) as volume_24h_rank,
        case
            when realized_volatility_today is not null
                then rank() over (order by realized_volatility_today desc nulls last)
        end as volatility_today_rank
    from combined

)

select
    exchange,
    symbol,
    as_of,
    last_price,
    last_trade_time,
    price_1h_ago,
    change_1h_pct,
    price_24h_ago,
    change_24h_pct,
    volume_24h,
    quote_volume_24h,
    trade_count_24h,
    volume_24h_rank,
    realized_volatility_today,
    volatility_today_rank,
    first_price,
    price_change_pct,
    volume,
    quote_volume,
    trade_count,
    first_trade_time
from measures
