{#-
  Exact decimal arithmetic on amounts (prices, quantities, volumes: DECIMAL(38,18) in the lake,
  up to 20 integer and 18 fractional digits), with the stream's rounding: a product is exact
  (up to 36 decimals), sums of products stay exact, and a figure is rounded HALF_EVEN to 18
  decimals only when it is stored (quote_volume) or divided (VWAP), as BuildCandles does with
  BigDecimal.

  Representation of an exact product p = a * b, on both engines:
    multiply_amounts(a, b)   p rounded HALF_EVEN to 18 decimals (an amount)
    multiply_residue(a, b)   p minus that rounded amount, in units of 1e-36 (an integer in
                             (-5e17, 5e17])
  so p = amount + residue / 1e36 exactly. Sums keep both parts: sum(amount) and
  sum_residue(residue); exact_sum_amount() and divide_amounts() fold them back together.

  BigQuery: BIGNUMERIC holds 38 fractional digits, so the arithmetic is exact as written.
  DuckDB: DECIMAL stops at 38 digits (DECIMAL(38,18) x DECIMAL(38,18) would need scale 36), so
  amounts become HUGEINT counts of 1e-18 units, split into whole and fractional parts, and
  products and quotients are computed on those integers. Amounts must be non-negative (prices,
  quantities and their sums are). A value that does not fit fails loudly (HUGEINT overflow or
  the explicit error below), it is never silently truncated.
-#}

{#- 1e18 as a HUGEINT factor (DuckDB). -#}
{% macro _e18() %}cast('1000000000000000000' as hugeint){% endmacro %}

{#- An amount as a DECIMAL(38,18) (DuckDB). -#}
{% macro _duckdb_amount(x) %}cast({{ x }} as decimal(38, 18)){% endmacro %}

{#- Whole part and fractional part (in 1e-18 units, 0 <= f < 1e18) of an amount, as HUGEINTs (DuckDB). -#}
{% macro _duckdb_whole(x) %}cast(trunc({{ _duckdb_amount(x) }}) as hugeint){% endmacro %}
{% macro _duckdb_fraction_units(x) -%}
cast(({{ _duckdb_amount(x) }} - trunc({{ _duckdb_amount(x) }})) * 1000000000000000000 as hugeint)
{%- endmacro %}

{#- An amount as a HUGEINT count of 1e-18 units (DuckDB). -#}
{% macro _duckdb_units(x) %}({{ _duckdb_whole(x) }} * {{ _e18() }} + {{ _duckdb_fraction_units(x) }}){% endmacro %}

{#- A HUGEINT count of 1e-18 units back to a DECIMAL(38,18) amount (DuckDB). -#}
{% macro _duckdb_from_units(units) -%}
cast(cast({{ units }} as decimal(38, 0)) * cast('0.000000000000000001' as decimal(38, 18)) as decimal(38, 18))
{%- endmacro %}

{#-
  1 when units + below / 1e18 (0 <= below < 1e18) rounds up HALF_EVEN to a whole unit, else 0.
-#}
{% macro _duckdb_half_even_bump(units, below) -%}
(case when {{ below }} > 500000000000000000 or ({{ below }} = 500000000000000000 and {{ units }} % 2 = 1) then 1 else 0 end)
{%- endmacro %}

{#-
  The exact product a * b on DuckDB as two HUGEINT expressions: units (floor of a * b in 1e-18
  units) and below (the next 18 digits, 0 <= below < 1e18). With a = ai + af/1e18 and
  b = bi + bf/1e18: a * b = ai*bi + (ai*bf + af*bi)/1e18 + af*bf/1e36; af*bf < 1e36 fits.
-#}
{% macro _duckdb_product_parts(a, b) -%}
{%- set ai = _duckdb_whole(a) -%}
{%- set af = _duckdb_fraction_units(a) -%}
{%- set bi = _duckdb_whole(b) -%}
{%- set bf = _duckdb_fraction_units(b) -%}
{%- set low_product = "(" ~ af ~ " * " ~ bf ~ ")" -%}
{%- set units = "(" ~ ai ~ " * " ~ bi ~ " * " ~ _e18() ~ " + " ~ ai ~ " * " ~ bf ~ " + " ~ af ~ " * " ~ bi
    ~ " + " ~ low_product ~ " // " ~ _e18() ~ ")" -%}
{%- set below = "(" ~ low_product ~ " % " ~ _e18() ~ ")" -%}
{{ return({'units': units, 'below': below}) }}
{%- endmacro %}

{#-
  amount + residue / 1e36 on DuckDB as (units, below) with 0 <= below < 1e18: the residue (any
  sign) is split with floor division so that below is never negative.
-#}
{% macro _duckdb_amount_with_residue(amount, residue) -%}
{%- if residue is none -%}
  {{ return({'units': _duckdb_units(amount), 'below': '0'}) }}
{%- endif -%}
{%- set r = "cast(" ~ residue ~ " as hugeint)" -%}
{%- set below = "(((" ~ r ~ " % " ~ _e18() ~ ") + " ~ _e18() ~ ") % " ~ _e18() ~ ")" -%}
{%- set units = "(" ~ _duckdb_units(amount) ~ " + (" ~ r ~ " - " ~ below ~ ") // " ~ _e18() ~ ")" -%}
{{ return({'units': units, 'below': below}) }}
{%- endmacro %}

{#- price * quantity, exact, rounded HALF_EVEN to 18 decimals. -#}
{% macro multiply_amounts(a, b) %}{{ return(adapter.dispatch('multiply_amounts', 'crypto_stream')(a, b)) }}{% endmacro %}
{% macro default__multiply_amounts(a, b) -%}
{%- set p = _duckdb_product_parts(a, b) -%}
{{ _duckdb_from_units(p.units ~ ' + ' ~ _duckdb_half_even_bump(p.units, p.below)) }}
{%- endmacro %}
{% macro bigquery__multiply_amounts(a, b) -%}
round(cast({{ a }} as bignumeric) * cast({{ b }} as bignumeric), 18, 'ROUND_HALF_EVEN')
{%- endmacro %}

{#- a * b - multiply_amounts(a, b), in units of 1e-36: an integer in (-5e17, 5e17]. -#}
{% macro multiply_residue(a, b) %}{{ return(adapter.dispatch('multiply_residue', 'crypto_stream')(a, b)) }}{% endmacro %}
{% macro default__multiply_residue(a, b) -%}
{%- set p = _duckdb_product_parts(a, b) -%}
cast({{ p.below }} - {{ _duckdb_half_even_bump(p.units, p.below) }} * {{ _e18() }} as bigint)
{%- endmacro %}
{% macro bigquery__multiply_residue(a, b) -%}
cast((cast({{ a }} as bignumeric) * cast({{ b }} as bignumeric) - round(cast({{ a }} as bignumeric) * cast({{ b }} as bignumeric), 18, 'ROUND_HALF_EVEN')) * bignumeric '1000000000000000000000000000000000000' as int64)
{%- endmacro %}

{#- Aggregate: the sum of residues, in a type that cannot overflow (HUGEINT / BIGNUMERIC); 0 over no rows. -#}
{% macro sum_residue(residue) %}{{ return(adapter.dispatch('sum_residue', 'crypto_stream')(residue)) }}{% endmacro %}
{% macro default__sum_residue(residue) %}coalesce(sum(cast({{ residue }} as hugeint)), 0){% endmacro %}
{% macro bigquery__sum_residue(residue) %}coalesce(sum(cast({{ residue }} as bignumeric)), 0){% endmacro %}

{#- amount_sum + residue_sum / 1e36 (an exact sum of products), rounded HALF_EVEN to 18 decimals. -#}
{% macro exact_sum_amount(amount_sum, residue_sum) %}{{ return(adapter.dispatch('exact_sum_amount', 'crypto_stream')(amount_sum, residue_sum)) }}{% endmacro %}
{% macro default__exact_sum_amount(amount_sum, residue_sum) -%}
{%- set v = _duckdb_amount_with_residue(amount_sum, residue_sum) -%}
{{ _duckdb_from_units(v.units ~ ' + ' ~ _duckdb_half_even_bump(v.units, v.below)) }}
{%- endmacro %}
{% macro bigquery__exact_sum_amount(amount_sum, residue_sum) -%}
round(cast({{ amount_sum }} as bignumeric) + cast({{ residue_sum }} as bignumeric) / bignumeric '1000000000000000000000000000000000000', 18, 'ROUND_HALF_EVEN')
{%- endmacro %}

{#-
  (num + num_residue / 1e36) / den rounded HALF_EVEN to 18 decimals: the stream's VWAP rule
  (BigDecimal.divide(volume, 18, HALF_EVEN) of the exact quote volume). num_residue is optional.
  NULL when den is 0.
  DuckDB: long division of the 36-decimal numerator by den in 1e-18 units, the numerator's last
  18 digits taken three at a time; every step keeps remainder * 1000 below the HUGEINT limit, so
  den must stay below 1.7e17 (an explicit error beyond that, never a wrong figure).
-#}
{% macro divide_amounts(num, den, num_residue=none) %}{{ return(adapter.dispatch('divide_amounts', 'crypto_stream')(num, den, num_residue)) }}{% endmacro %}
{% macro bigquery__divide_amounts(num, den, num_residue=none) -%}
{%- set numerator = "cast(" ~ num ~ " as bignumeric)" if num_residue is none else
    "(cast(" ~ num ~ " as bignumeric) + cast(" ~ num_residue ~ " as bignumeric) / bignumeric '1000000000000000000000000000000000000')" -%}
round(safe_divide({{ numerator }}, cast({{ den }} as bignumeric)), 18, 'ROUND_HALF_EVEN')
{%- endmacro %}
{% macro default__divide_amounts(num, den, num_residue=none) -%}
{%- set n = _duckdb_amount_with_residue(num, num_residue) -%}
{%- set d = "nullif(" ~ _duckdb_units(den) ~ ", 0)" -%}
{%- set digits = [] -%}
{%- set remainder = namespace(expr="(" ~ n.units ~ " % " ~ d ~ ")", last_digit="") -%}
{%- do digits.append("(" ~ n.units ~ " // " ~ d ~ ") * " ~ _e18()) -%}
{%- for step in range(1, 7) -%}
  {%- set place = 10 ** (18 - 3 * step) -%}
  {%- set chunk = "((" ~ n.below ~ " // " ~ place ~ ") % 1000)" -%}
  {%- set dividend = "(" ~ remainder.expr ~ " * 1000 + " ~ chunk ~ ")" -%}
  {%- set remainder.last_digit = "(" ~ dividend ~ " // " ~ d ~ ")" -%}
  {%- do digits.append(remainder.last_digit ~ " * " ~ place) -%}
  {%- set remainder.expr = "(" ~ dividend ~ " % " ~ d ~ ")" -%}
{%- endfor -%}
{%- set rounding = ' + (case when 2 * ' ~ remainder.expr ~ ' > ' ~ d ~ ' or (2 * ' ~ remainder.expr ~ ' = ' ~ d
    ~ ' and ' ~ remainder.last_digit ~ ' % 2 = 1) then 1 else 0 end)' -%}
(case when {{ d }} >= cast('170000000000000000000000000000000000' as hugeint) then error('divide_amounts: denominator beyond 1.7e17, exact DuckDB division not possible') else {{ _duckdb_from_units(digits | join(' + ') ~ rounding) }} end)
{%- endmacro %}
