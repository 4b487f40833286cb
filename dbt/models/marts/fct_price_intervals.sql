-- The price of every instrument as a step function: each trade sets the price from its
-- trade_time (valid_from, inclusive) until the next trade of the instrument (valid_to,
-- exclusive; null for the latest trade). "Price of X at time T" is the one row with
-- valid_from <= T < coalesce(valid_to, +inf); see the price_as_of() macro.
-- Trades sharing a timestamp are ordered like the stream orders them (trade_id), so only the
-- last of them has a non-empty interval.

{{ config(
    materialized='table',
    **bigquery_options('valid_from', cluster_by=['exchange', 'symbol'])
) }}

select
    exchange,
    symbol,
    trade_id,
    price,
    trade_time as valid_from,
    lead(trade_time) over (
        partition by exchange, symbol
        order by trade_time, trade_id_sort_key
    ) as valid_to
from {{ ref('int_trades_minute') }}
