{#-
  BigQuery-only table options, as a dict to splat into config(): partitioning by a TIMESTAMP
  column, clustering, partition expiration and require_partition_filter. Returns {} on any other
  adapter, so DuckDB never sees these keys.

  require_partition_filter follows var('bq_require_partition_filter') (default false): when true,
  every query on the table must filter on its partition column, which protects ad-hoc cost in
  production but also applies to this project's own full-table data tests.
-#}
{% macro bigquery_options(partition_field, cluster_by=none, granularity='day', expiration_days=none) %}
  {%- if target.type != 'bigquery' -%}
    {{ return({}) }}
  {%- endif -%}
  {%- set options = {
      'partition_by': {'field': partition_field, 'data_type': 'timestamp', 'granularity': granularity},
      'require_partition_filter': var('bq_require_partition_filter', false),
  } -%}
  {%- if cluster_by -%}
    {%- do options.update({'cluster_by': cluster_by}) -%}
  {%- endif -%}
  {%- if expiration_days -%}
    {%- do options.update({'partition_expiration_days': expiration_days}) -%}
  {%- endif -%}
  {{ return(options) }}
{% endmacro %}
