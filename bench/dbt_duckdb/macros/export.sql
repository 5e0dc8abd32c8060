{#- Post-hook of every int_* / mrt_* table: export it to <out_dir>/<model>.parquet (the file is
    overwritten; run.sh empties out_dir before a build). An incremental model (the tracking models)
    goes to export_tracking instead. -#}
{% macro export_parquet() -%}
{%- if config.get('materialized') == 'incremental' -%}
{{ export_tracking() }}
{%- else -%}
COPY (SELECT * FROM {{ this }}) TO '{{ var("out_dir") }}/{{ this.identifier }}.parquet' (FORMAT parquet, COMPRESSION zstd)
{%- endif -%}
{%- endmacro %}

{#- The tracking tables as build-marts stores them: <out_dir>/<model>/event_date=D/data_0.parquet
    (event_date kept in the files). One file per date, so rewriting a date replaces it:
    * `--full-refresh`, or no partition exported yet (a first run: run.sh has emptied the
      directory): every date, the directory replaced (OVERWRITE);
    * otherwise (an incremental run): the dates of W only (OVERWRITE_OR_IGNORE rewrites their
      files, the other dates stay; a date of W without rows keeps its stored rows, T-3).
    A hook cannot use is_incremental() (the table exists by then), hence the directory test. -#}
{% macro export_tracking() -%}
{%- set dir = var("out_dir") ~ "/" ~ this.identifier -%}
{%- set stored = 0 -%}
{%- if execute and not flags.FULL_REFRESH -%}
{%- set stored = run_query("select count(*) from glob('" ~ dir ~ "/event_date=*/*.parquet')").columns[0].values()[0] -%}
{%- endif -%}
{%- if flags.FULL_REFRESH or stored == 0 -%}
COPY (SELECT * FROM {{ this }}) TO '{{ dir }}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (event_date), WRITE_PARTITION_COLUMNS true, OVERWRITE)
{%- else -%}
COPY (SELECT * FROM {{ this }} WHERE {{ in_window('event_date') }}) TO '{{ dir }}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (event_date), WRITE_PARTITION_COLUMNS true, OVERWRITE_OR_IGNORE)
{%- endif -%}
{%- endmacro %}
