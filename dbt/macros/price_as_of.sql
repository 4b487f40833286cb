{#-
  The price of each instrument at one instant: the last trade at or before `at`.
  `at` is a SQL expression for a UTC instant, for example
    add_minutes(dbt.current_timestamp(), -120)                 two hours before now
    add_minutes("(select max(trade_time) from " ~ ref('stg_lake__trades') ~ ")", -120)
                                                                 two hours before the newest trade
  Optional `symbol` / `exchange` narrow the answer. Instruments with no trade at or before `at`
  have no row. Use from `dbt show --inline "{{ price_as_of(...) }}"` or inside a model.
-#}
{% macro price_as_of(at, symbol=none, exchange=none) -%}
select
    exchange,
    symbol,
    price,
    trade_id,
    valid_from as price_set_at,
    {{ at }} as as_of
from {{ ref('fct_price_intervals') }}
where
    valid_from <= {{ at }}
    and (valid_to is null or valid_to > {{ at }})
    {%- if symbol %}
    and symbol = '{{ symbol }}'
    {%- endif %}
    {%- if exchange %}
    and exchange = '{{ exchange }}'
    {%- endif %}
{%- endmacro %}
