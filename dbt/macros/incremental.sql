{#-
  Late-data look-back for incremental models.

  Every incremental model keeps the newest ingest time of what it has loaded (a column such as
  last_ingest_time). A run reprocesses everything touched by trades ingested at or after
  (that newest ingest time - var('late_data_lookback_minutes')). Keying on ingest time rather
  than trade time means a trade that arrives hours late still lands in its own (old) window;
  the look-back margin covers lake files that are committed out of ingest order.
-#}

{#- The earliest ingest time an incremental run must (re)read. An empty target reads everything. -#}
{% macro lookback_start(ingest_column) -%}
{{ add_minutes(
    '(select coalesce(max(' ~ ingest_column ~ '), ' ~ utc_timestamp_literal('1970-01-01 00:00:00') ~ ') from ' ~ this ~ ')',
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
  DuckDB (a local lake, no partition cost): always true, the ingest-time look-back alone decides.
-#}
{% macro recent_partitions(column, extra_days=0) %}{{ return(adapter.dispatch('recent_partitions', 'crypto_stream')(column, extra_days)) }}{% endmacro %}
{% macro default__recent_partitions(column, extra_days=0) %}true{% endmacro %}
{% macro bigquery__recent_partitions(column, extra_days=0) -%}
{{ column }} >= timestamp_trunc(timestamp_sub(current_timestamp(), interval {{ var('partition_lookback_days', 8) + extra_days }} day), day)
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
{% macro recent_processing(column) %}{{ return(adapter.dispatch('recent_processing', 'crypto_stream')(column)) }}{% endmacro %}
{% macro default__recent_processing(column) %}true{% endmacro %}
{% macro bigquery__recent_processing(column) -%}
{{ column }} >= timestamp_trunc(timestamp_sub(current_timestamp(), interval {{ var('partition_lookback_days', 8) - var('max_trade_age_days', 7) }} day), day)
{%- endmacro %}
