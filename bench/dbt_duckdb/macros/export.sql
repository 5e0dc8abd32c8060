{#- Post-hook of every int_* / mrt_* table: export it to <out_dir>/<model>.parquet (the file is
    overwritten; run.sh empties out_dir before a build). -#}
{% macro export_parquet() -%}
COPY (SELECT * FROM {{ this }}) TO '{{ var("out_dir") }}/{{ this.identifier }}.parquet' (FORMAT parquet, COMPRESSION zstd)
{%- endmacro %}
