{#-
  Small adapter-dispatched helpers for the places where DuckDB and BigQuery SQL differ.
  Each macro has a DuckDB and a BigQuery implementation; default__ falls back to DuckDB syntax.
-#}

{#- Exact decimal type for prices, quantities and volumes (lake columns are DECIMAL(38,18)). -#}
{% macro type_amount() %}{{ return(adapter.dispatch('type_amount', 'crypto_stream')()) }}{% endmacro %}
{% macro default__type_amount() %}decimal(38, 18){% endmacro %}
{% macro bigquery__type_amount() %}bignumeric{% endmacro %}

{#- Timezone-aware UTC instant. Never use a naive timestamp type on DuckDB (it shifts by session TZ). -#}
{% macro type_utc_timestamp() %}{{ return(adapter.dispatch('type_utc_timestamp', 'crypto_stream')()) }}{% endmacro %}
{% macro default__type_utc_timestamp() %}timestamptz{% endmacro %}
{% macro bigquery__type_utc_timestamp() %}timestamp{% endmacro %}

{#- Floor a UTC instant to its minute. -#}
{% macro minute_floor(ts) %}{{ return(adapter.dispatch('minute_floor', 'crypto_stream')(ts)) }}{% endmacro %}
{% macro default__minute_floor(ts) %}date_trunc('minute', {{ ts }}){% endmacro %}
{% macro bigquery__minute_floor(ts) %}timestamp_trunc({{ ts }}, minute){% endmacro %}

{#- Add whole minutes to a UTC instant, keeping it a timestamp (dbt.dateadd returns DATETIME on BigQuery). -#}
{% macro add_minutes(ts, n) %}{{ return(adapter.dispatch('add_minutes', 'crypto_stream')(ts, n)) }}{% endmacro %}
{% macro default__add_minutes(ts, n) %}({{ ts }} + interval ({{ n }}) minute){% endmacro %}
{% macro bigquery__add_minutes(ts, n) %}timestamp_add({{ ts }}, interval {{ n }} minute){% endmacro %}

{#- True when the string is a non-empty run of ASCII digits. -#}
{% macro is_all_digits(s) %}{{ return(adapter.dispatch('is_all_digits', 'crypto_stream')(s)) }}{% endmacro %}
{% macro default__is_all_digits(s) %}coalesce(regexp_full_match({{ s }}, '[0-9]+'), false){% endmacro %}
{% macro bigquery__is_all_digits(s) %}coalesce(regexp_contains({{ s }}, r'^[0-9]+$'), false){% endmacro %}

{#-
  Sort key that orders trade ids like the stream's TradeOrder: all-digit ids numerically
  (leading zeros stripped, then left-padded to a fixed width), other ids as plain text.
  Portable: lpad/ltrim exist on both engines.
-#}
{% macro trade_id_sort_key(s) -%}
{#- The pipeline's total order (TradeOrder): all-digit ids first, by numeric value then by text;
    other ids after them, by text. -#}
case
  when {{ is_all_digits(s) }}
    then concat('0', lpad(coalesce(nullif(ltrim({{ s }}, '0'), ''), '0'), 128, '0'), '|', {{ s }})
  else concat('1', {{ s }})
end
{%- endmacro %}

{#- Cast to the exact amount type, yielding NULL instead of failing on bad input (caught by not_null tests). -#}
{% macro safe_cast_amount(expr) %}{{ return(adapter.dispatch('safe_cast_amount', 'crypto_stream')(expr)) }}{% endmacro %}
{% macro default__safe_cast_amount(expr) %}try_cast({{ expr }} as decimal(38, 18)){% endmacro %}
{% macro bigquery__safe_cast_amount(expr) %}safe_cast({{ expr }} as bignumeric){% endmacro %}

{#- Microseconds since the Unix epoch of a UTC instant (exact integer on both engines). -#}
{% macro epoch_micros(ts) %}{{ return(adapter.dispatch('epoch_micros', 'crypto_stream')(ts)) }}{% endmacro %}
{% macro default__epoch_micros(ts) %}epoch_us({{ ts }}){% endmacro %}
{% macro bigquery__epoch_micros(ts) %}unix_micros({{ ts }}){% endmacro %}

{#-
  Floor a UTC instant to a bucket of n minutes counted from the Unix epoch (5 = five-minute buckets,
  60 = hour, 1440 = UTC day). Integer arithmetic, so it never depends on a session time zone.
-#}
{% macro floor_to_minutes(ts, n) %}{{ return(adapter.dispatch('floor_to_minutes', 'crypto_stream')(ts, n)) }}{% endmacro %}
{% macro default__floor_to_minutes(ts, n) -%}
make_timestamptz((epoch_us({{ ts }}) // {{ n * 60000000 }}) * {{ n * 60000000 }})
{%- endmacro %}
{% macro bigquery__floor_to_minutes(ts, n) -%}
timestamp_micros(div(unix_micros({{ ts }}), {{ n * 60000000 }}) * {{ n * 60000000 }})
{%- endmacro %}

{#-
  A one-column relation (column `alias`) of instants from `start_ts` to `end_ts` inclusive,
  every `step_minutes`. Arguments may be scalar subqueries; NULL bounds give no rows.
-#}
{% macro timestamp_spine(start_ts, end_ts, step_minutes, alias) %}{{ return(adapter.dispatch('timestamp_spine', 'crypto_stream')(start_ts, end_ts, step_minutes, alias)) }}{% endmacro %}
{% macro default__timestamp_spine(start_ts, end_ts, step_minutes, alias) -%}
select unnest(generate_series({{ start_ts }}, {{ end_ts }}, interval ({{ step_minutes }}) minute)) as {{ alias }}
{%- endmacro %}
{% macro bigquery__timestamp_spine(start_ts, end_ts, step_minutes, alias) -%}
select {{ alias }} from unnest(generate_timestamp_array({{ start_ts }}, {{ end_ts }}, interval {{ step_minutes }} minute)) as {{ alias }}
{%- endmacro %}

{#-
  Continuous percentile p (0..1) of a numeric expression, as an aggregate.
  DuckDB: exact quantile_cont. BigQuery has no aggregate PERCENTILE_CONT, so this uses
  APPROX_QUANTILES with 1000 buckets (approximate; documented in the README).
-#}
{% macro percentile(expr, p) %}{{ return(adapter.dispatch('percentile', 'crypto_stream')(expr, p)) }}{% endmacro %}
{% macro default__percentile(expr, p) %}quantile_cont({{ expr }}, {{ p }}){% endmacro %}
{% macro bigquery__percentile(expr, p) %}approx_quantiles({{ expr }}, 1000)[offset({{ (p * 1000) | int }})]{% endmacro %}

{#- 64-bit float. dbt.type_float() is FLOAT on DuckDB, which is only 32 bits there. -#}
{% macro type_double() %}{{ return(adapter.dispatch('type_double', 'crypto_stream')()) }}{% endmacro %}
{% macro default__type_double() %}double{% endmacro %}
{% macro bigquery__type_double() %}float64{% endmacro %}

{#- Amount (decimal) to a 64-bit float, for ratios, logarithms and percentages. -#}
{% macro to_double(expr) %}cast({{ expr }} as {{ type_double() }}){% endmacro %}

{#- Seconds between two UTC instants (later - earlier) as a 64-bit float, exact to the microsecond. -#}
{% macro seconds_between(earlier, later) -%}
cast({{ epoch_micros(later) }} - {{ epoch_micros(earlier) }} as {{ type_double() }}) / 1000000
{%- endmacro %}

{#- ISO day of week of a UTC instant: 1 = Monday ... 7 = Sunday. -#}
{% macro iso_day_of_week(ts) %}{{ return(adapter.dispatch('iso_day_of_week', 'crypto_stream')(ts)) }}{% endmacro %}
{% macro default__iso_day_of_week(ts) %}isodow({{ ts }}){% endmacro %}
{% macro bigquery__iso_day_of_week(ts) %}(mod(extract(dayofweek from {{ ts }}) + 5, 7) + 1){% endmacro %}

{#- UTC calendar date of an instant (the DuckDB profile pins the session time zone to UTC). -#}
{% macro utc_date(ts) %}{{ return(adapter.dispatch('utc_date', 'crypto_stream')(ts)) }}{% endmacro %}
{% macro default__utc_date(ts) %}cast({{ ts }} as date){% endmacro %}
{% macro bigquery__utc_date(ts) %}date({{ ts }}, 'UTC'){% endmacro %}

{#- A constant UTC instant from an ISO text literal such as '1970-01-01 00:00:00'. -#}
{% macro utc_timestamp_literal(text) %}{{ return(adapter.dispatch('utc_timestamp_literal', 'crypto_stream')(text)) }}{% endmacro %}
{% macro default__utc_timestamp_literal(text) %}cast('{{ text }}+00' as timestamptz){% endmacro %}
{% macro bigquery__utc_timestamp_literal(text) %}timestamp('{{ text }}+00'){% endmacro %}

{#- Replace every match of a regular expression (RE2 syntax on both engines). -#}
{% macro regexp_replace_all(s, pattern, replacement) %}{{ return(adapter.dispatch('regexp_replace_all', 'crypto_stream')(s, pattern, replacement)) }}{% endmacro %}
{% macro default__regexp_replace_all(s, pattern, replacement) %}regexp_replace({{ s }}, '{{ pattern }}', '{{ replacement }}', 'g'){% endmacro %}
{% macro bigquery__regexp_replace_all(s, pattern, replacement) %}regexp_replace({{ s }}, r'{{ pattern }}', '{{ replacement }}'){% endmacro %}
