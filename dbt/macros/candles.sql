{#-
  One-minute candle figures, written once for the mart (fct_candles_1m) and for the singular test
  that recomputes the stream's candles from the trades the stream saw.
-#}

{#-
  Aggregate select list over trades grouped by window. open_rank / close_rank are columns that are
  1 for the window's first / last trade (by trade_time, then trade id order). Quote amounts are
  summed exactly (amount + residue); candle_exact_figures() rounds them.
-#}
{% macro candle_sums(open_rank='seq_in_window', close_rank='seq_in_window_desc') -%}
max(case when {{ open_rank }} = 1 then price end) as open,
max(price) as high,
min(price) as low,
max(case when {{ close_rank }} = 1 then price end) as close,
sum(quantity) as volume,
sum(quote_amount) as quote_amount_sum,
{{ sum_residue('quote_amount_residue') }} as quote_residue_sum,
count(*) as trade_count,
coalesce(sum(case when side = 'buy' then quantity end), 0) as taker_buy_volume,
coalesce(sum(case when side = 'sell' then quantity end), 0) as taker_sell_volume,
min(trade_time) as first_trade_time,
max(trade_time) as last_trade_time
{%- endmacro %}

{#- quote_volume and vwap of a relation that has candle_sums() columns, exactly as the stream rounds them. -#}
{% macro candle_exact_figures(rel) -%}
{{ exact_sum_amount(rel ~ '.quote_amount_sum', rel ~ '.quote_residue_sum') }} as quote_volume, {{ divide_amounts(rel ~ '.quote_amount_sum', rel ~ '.volume', rel ~ '.quote_residue_sum') }} as vwap
{%- endmacro %}

{#- The columns two candles must agree on, exactly. -#}
{% macro candle_compared_columns() -%}
{{ return(['open', 'high', 'low', 'close', 'volume', 'quote_volume', 'vwap', 'trade_count',
           'taker_buy_volume', 'taker_sell_volume', 'first_trade_time', 'last_trade_time']) }}
{%- endmacro %}

{#- SQL condition: candles a and b (relation aliases) differ in any compared column. -#}
{% macro candles_differ(a, b) -%}
({%- for column in candle_compared_columns() %}
    {{ a }}.{{ column }} != {{ b }}.{{ column }}{{ ' or' if not loop.last }}
{%- endfor %}
)
{%- endmacro %}

{#- seq_in_window / seq_in_window_desc: 1 for a window's first / last trade in the stream's order. -#}
{% macro candle_trade_ranks() -%}
row_number() over (
    partition by exchange, symbol, window_start
    order by trade_time, trade_id_sort_key
) as seq_in_window,
row_number() over (
    partition by exchange, symbol, window_start
    order by trade_time desc, trade_id_sort_key desc
) as seq_in_window_desc
{%- endmacro %}

{#- The compared columns of a candle as text pieces for dbt.concat (NULL-safe), to hash a candle's content. -#}
{% macro candle_content_as_text() -%}
{%- set pieces = [] -%}
{%- for column in candle_compared_columns() -%}
  {%- do pieces.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
  {%- if not loop.last %}{% do pieces.append("'|'") %}{% endif -%}
{%- endfor -%}
{{ return(pieces) }}
{%- endmacro %}
