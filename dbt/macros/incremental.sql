{#-
  Late-data look-back for incremental models.

  Every incremental model keeps the newest ingest time of what it has loaded (a column such as
  last_ingest_time). A run reprocesses everything touched by trades ingested at or after
  (that newest ingest time - var('late_data_lookback_minutes')). Keying on ingest time rather
  than trade time means a trade that arrives hours late still lands in its own (old) window;
  the look-back margin covers lake files that are committed out of ingest order.
-#}

{#-
  The earliest ingest time an incremental run must (re)read. An empty target reads everything.
  On BigQuery the newest loaded ingest time is looked up in the target's partitions inside the
  partition window only (its partition_by column within recent_partitions()), so the look-up does
  not scan the target's whole history. Rows outside the window can only make that maximum
  smaller (or null: then from the epoch), which makes the run re-read more, never less; the
  other recent_partitions() filters still bound what it reads.
-#}
{% macro lookback_start(ingest_column) -%}
{%- set partition = config.get('partition_by') -%}
{%- set in_window = (' where ' ~ recent_partitions(partition['field'])) if partition else '' -%}
{{ add_minutes(
    '(select coalesce(max(' ~ ingest_column ~ '), ' ~ utc_timestamp_literal('1970-01-01 00:00:00') ~ ') from ' ~ this ~ in_window ~ ')',
    -1 * var('late_data_lookback_minutes', 60)
) }}
{%- endmacro %}

{#-
  The unit an incremental run rebuilds around a changed window: the window itself on DuckDB
  (delete+insert on the model's unique key), the whole UTC day on BigQuery (insert_overwrite
  replaces whole day partitions, so every window of a touched day must be in the batch).
-#}
{% macro recompute_unit(ts) %}{{ return(adapter.dispatch('recompute_unit', 'crypto_stream')(ts)) }}{% endmacro %}
{% macro default__recompute_unit(ts) %}{{ ts }}{% endmacro %}
{% macro bigquery__recompute_unit(ts) %}timestamp_trunc({{ ts }}, day){% endmacro %}

{#-
  Predicate for an incremental run of a model on one-minute windows built from `trades_relation`
  (which has window_start and ingest_time): keep the windows (on BigQuery: days) that hold a
  trade ingested inside the look-back.
-#}
{% macro in_windows_to_recompute(window_column, trades_relation, this_ingest_column='last_ingest_time') -%}
{{ recompute_unit(window_column) }} in (
    select {{ recompute_unit('window_start') }}
    from {{ trades_relation }}
    where
        {{ recent_partitions('trade_time') }}
        and ingest_time >= {{ lookback_start(this_ingest_column) }}
)
{%- endmacro %}

{#- Incremental strategy per engine: partition replacement on BigQuery, delete+insert on DuckDB. -#}
{% macro window_incremental_strategy() -%}
{{ return('insert_overwrite' if target.type == 'bigquery' else 'delete+insert') }}
{%- endmacro %}

{#-
  BigQuery partition pruning for incremental runs. BigQuery prunes partitions only on filters
  with constant expressions (a subquery such as lookback_start() does not prune), so every read
  of a partitioned table in an incremental run also gets
      <partition column> >= start of the UTC day var('partition_lookback_days') (8) days ago
  (minus extra_days). The default is the pipeline's --maxTradeAge (P7D) plus one day: a trade
  ingested since the previous run is never older than that, as long as dbt ran within the last
  day (the Composer DAG runs hourly). After a longer pause, run once with a larger
  partition_lookback_days. Day-aligned, so insert_overwrite always sees whole days.
  DuckDB (a local lake, no partition cost): true unless var('partition_window_as_of') is set (below).
-#}
{% macro recent_partitions(column, extra_days=0) -%}
{{ (column ~ ' >= ' ~ partition_window_start(extra_days)) if partition_window_applies() else 'true' }}
{%- endmacro %}

{#-
  The constant start of that window: the start of the UTC day var('partition_lookback_days') (8)
  (plus extra_days) days before now. DuckDB has no partitions to prune, so the window applies
  there only when var('partition_window_as_of') names the instant that stands for now (a test
  hook: scripts/check_incremental_equivalence.sh runs the bounded SQL on DuckDB with it);
  unset, DuckDB recomputes everything (the window starts at the epoch).
-#}
{% macro partition_window_applies() -%}
{{ return(target.type == 'bigquery' or var('partition_window_as_of', none) is not none) }}
{%- endmacro %}
{% macro partition_window_start(extra_days=0) -%}
{{ _window_day_start(var('partition_lookback_days', 8) + extra_days) }}
{%- endmacro %}
{% macro _window_day_start(days) %}{{ return(adapter.dispatch('_window_day_start', 'crypto_stream')(days)) }}{% endmacro %}
{% macro bigquery___window_day_start(days) -%}
timestamp_trunc(timestamp_sub(current_timestamp(), interval {{ days }} day), day)
{%- endmacro %}
{% macro default___window_day_start(days) -%}
{%- set as_of = var('partition_window_as_of', none) -%}
{%- if as_of is none -%}
{{ utc_timestamp_literal('1970-01-01 00:00:00') }}
{%- else -%}
{{ floor_to_minutes(add_minutes(utc_timestamp_literal(as_of), -1440 * days), 1440) }}
{%- endif -%}
{%- endmacro %}

{#-
  An end time (valid_to) inside the partition window or still open (null): the rows of a model
  partitioned on an end time that a run can change (fct_price_intervals).
-#}
{% macro open_in_partition_window(end_column, extra_days=0) -%}
({{ recent_partitions(end_column, extra_days) }} or {{ end_column }} is null)
{%- endmacro %}

{#- incremental_predicates for a merge keyed on rows whose partition column is recent (BigQuery only). -#}
{% macro recent_partitions_predicates(column) -%}
{{ return(['DBT_INTERNAL_DEST.' ~ recent_partitions(column)] if target.type == 'bigquery' else []) }}
{%- endmacro %}

{#-
  Recompute window for models keyed by processing time (ingest_time, failed_at) rather than by
  trade time. Everything that reached the lake since the previous run was processed within the
  margin partition_lookback_days adds to the pipeline's --maxTradeAge (var('max_trade_age_days'),
  7): one day by default, as long as dbt ran within the last day (raise partition_lookback_days
  after a longer pause, as for recent_partitions). So such a model rebuilds the UTC days of that
  margin, whole, from constant filters BigQuery prunes on: the processing-time column itself, and
  trade_time within recent_partitions() (a trade processed on day D is at most --maxTradeAge
  older). DuckDB: always true (a full recompute, delete+insert on the model's key).
-#}
{% macro recent_processing(column) -%}
{{ (column ~ ' >= ' ~ processing_window_start()) if partition_window_applies() else 'true' }}
{%- endmacro %}
{% macro processing_window_start() -%}
{{ _window_day_start(var('partition_lookback_days', 8) - var('max_trade_age_days', 7)) }}
{%- endmacro %}

{#-
  For an incremental run of a model that is a continuous spine of time buckets (dim_time_minute,
  fct_pipeline_health_5m): what the loaded table says about the time before the partition window,
  from bounded reads only. One row:
    has_older       the table holds rows before the window (count(*) of the whole table, which
                    BigQuery answers from metadata, minus the count of the window's partitions);
    last_before     the last loaded bucket in the day before the window (one partition).
  With older rows the rebuilt spine starts at the window, and the loaded spine must reach the
  bucket just before it; spine_gap_check() fails the run when it does not (nothing happened for
  longer than the window while dbt kept running): the missing buckets would lie in partitions
  the run does not rewrite, so rebuild with --full-refresh or a larger partition_lookback_days.
-#}
{% macro spine_history(column) -%}
select
    (select count(*) from {{ this }})
    > (select count(*) from {{ this }} where {{ recent_partitions(column) }}) as has_older,
    (
        select max({{ column }}) from {{ this }}
        where {{ recent_partitions(column, extra_days=1) }} and {{ column }} < {{ partition_window_start() }}
    ) as last_before
{%- endmacro %}

{#- A value, or a clear error when the loaded spine stops short of the window (see spine_history). -#}
{% macro spine_gap_check(history, step_minutes, value) -%}
case
    when
        {{ history }}.has_older
        and {{ value }} is not null
        and coalesce({{ history }}.last_before < {{ add_minutes(partition_window_start(), -step_minutes) }}, true)
        then error('{{ this.identifier }}: the loaded buckets stop before the partition window (nothing happened for longer than it); rebuild with --full-refresh or a larger var partition_lookback_days')
    else {{ value }}
end
{%- endmacro %}

{#-
  Insert-only staging (stg_lake__trades, stg_lake__dead_letters): true for a row whose key is not
  loaded yet, looking for it in the target's partitions inside the window only (an earlier copy
  of a row is never older than that).
-#}
{% macro not_loaded_yet(row_alias, key_columns, partition_column) -%}
not exists (
    select 1
    from {{ this }} as loaded
    where
        {{ recent_partitions('loaded.' ~ partition_column) }}
        {%- for key in key_columns %}
        and loaded.{{ key }} = {{ row_alias }}.{{ key }}
        {%- endfor %}
)
{%- endmacro %}
