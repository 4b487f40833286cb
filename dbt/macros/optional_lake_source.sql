{#-
  `select * from` a lake source that may not exist yet (a table the pipeline writes only once it
  has something to write, or one added after this lake was produced).

  BigQuery, and parsing: plain `select * from {{ source(...) }}` (the raw table must exist).
  DuckDB at run time: counts the Parquet files matching the source's own read_parquet glob
  (from its external_location, so the path is written once) with DuckDB's glob(); when there
  are none, yields an empty relation with the source's declared columns and types instead of
  letting read_parquet fail with "No files found".
-#}
{% macro optional_lake_source(table_name) %}
  {%- set relation = source('lake', table_name) -%}
  {%- if target.type != 'duckdb' or not execute -%}
    {{ return('select * from ' ~ relation) }}
  {%- endif -%}

  {#- A unit test replaces the source by its fixture and has no graph.sources: use the fixture. -#}
  {%- set node = graph.get('sources', {}).get('source.crypto_stream.lake.' ~ table_name) -%}
  {%- if node is none -%}
    {{ return('select * from ' ~ relation) }}
  {%- endif -%}
  {%- set location = node.config.meta.get('external_location') or node.meta.get('external_location') -%}
  {%- set pattern = modules.re.search("read_parquet\('([^']*)'", location).group(1) -%}
  {%- set files = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
  {%- if files > 0 -%}
    {{ return('select * from ' ~ relation) }}
  {%- endif -%}

  {%- set duckdb_types = {'string': 'varchar', 'timestamp': 'timestamptz', 'int': 'integer'} -%}
  {%- set columns = [] -%}
  {%- for name, column in node.columns.items() -%}
    {%- if not column.data_type -%}
      {{ exceptions.raise_compiler_error("source lake." ~ table_name ~ " column " ~ name ~ " needs a data_type") }}
    {%- endif -%}
    {%- set declared = column.data_type | lower -%}
    {%- do columns.append('cast(null as ' ~ duckdb_types.get(declared, declared) ~ ') as ' ~ name) -%}
  {%- endfor -%}
  {{ return('select ' ~ columns | join(', ') ~ ' where false') }}
{% endmacro %}
