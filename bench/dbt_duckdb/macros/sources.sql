{#-
  Typed, validated read of one source table (sources.md §1, L-1…L-6).

  columns: list of "name:type" with the spec types str, bool, i64, f64, dec2, date, dt
  (dt_paris and dt_utc are both naive timestamps). integer_text: str columns that must hold
  base-10 integer text (action_history_id). The file is located and its header/schema is read
  when the model runs (L-1: exactly one of <t>.parquet / <t>.csv for an applicative table;
  seeds are CSV). Columns are matched case-insensitively (L-2), extra columns ignored; a
  missing column, a Parquet type that L-3 refuses, or a CSV value that L-4 refuses stops the
  run with a message naming the file and the column. Primary keys (L-6) are checked by the
  unique/not_null tests of models/raw/schema.yml, which `dbt build` runs before any consumer.
-#}
{% macro read_source(kind, table, columns, integer_text=[]) %}
{%- set base = var('sources_dir') ~ '/' ~ kind ~ '/' ~ table -%}
{%- if not execute -%}
  select 1 as placeholder
{%- else -%}
  {%- set found = run_query("select (select count(*) from glob('" ~ base ~ ".parquet')), (select count(*) from glob('" ~ base ~ ".csv'))") -%}
  {%- set has_parquet = found.rows[0][0] > 0 and kind != 'seed' -%}
  {%- set has_csv = found.rows[0][1] > 0 -%}
  {%- if has_parquet and has_csv -%}
    {{ exceptions.raise_compiler_error("source " ~ kind ~ "/" ~ table ~ ": both " ~ table ~ ".parquet and " ~ table ~ ".csv exist (L-1)") }}
  {%- elif not has_parquet and not has_csv -%}
    {{ exceptions.raise_compiler_error("source " ~ kind ~ "/" ~ table ~ ": missing file " ~ base ~ (".csv" if kind == 'seed' else ".{parquet,csv}") ~ " (L-1)") }}
  {%- endif -%}
  {%- if has_parquet -%}
    {%- set label = kind ~ "/" ~ table ~ ".parquet" -%}
    {%- set reader = "read_parquet('" ~ base ~ ".parquet')" -%}
  {%- else -%}
    {%- set label = kind ~ "/" ~ table ~ ".csv" -%}
    {%- set reader = "read_csv('" ~ base ~ ".csv', header = true, all_varchar = true, allow_quoted_nulls = false, delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false)" -%}
  {%- endif -%}
  {%- set described = run_query("describe select * from " ~ reader) -%}
  {%- set file_cols = {} -%}
  {%- for r in described.rows -%}
    {%- do file_cols.update({r[0] | lower: [r[0], r[1] | upper]}) -%}
  {%- endfor %}
select
  {%- for spec in columns %}
  {%- set name = spec.split(':')[0] -%}
  {%- set typ = spec.split(':')[1] -%}
  {%- if name not in file_cols -%}
    {{ exceptions.raise_compiler_error("source " ~ label ~ ": missing column " ~ name ~ " (L-2)") }}
  {%- endif -%}
  {%- set col = '"' ~ file_cols[name][0] ~ '"' -%}
  {%- set ftype = file_cols[name][1] %}
  {{ _typed_column(label, name, col, ftype, typ, name in integer_text, kind == 'seed' or not has_parquet) }} as {{ name }}{{ "," if not loop.last }}
  {%- endfor %}
from {{ reader }}
{%- endif -%}
{% endmacro %}

{% macro _is_int_type(t) -%}
{{ t in ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'] }}
{%- endmacro %}

{#- One column: text (CSV, or Parquet UTF8 where L-3 allows it) is validated and cast; typed
    Parquet columns are converted when L-3 allows it, otherwise the run stops. -#}
{% macro _typed_column(label, name, col, ftype, typ, integer_text, is_text_file) %}
{%- set is_int = _is_int_type(ftype) == 'True' -%}
{%- if ftype == 'VARCHAR' -%}
  {%- if typ in ['str'] and not integer_text -%}{{ col }}
  {%- elif typ in ['str'] -%}{{ _checked(label, name, col, "regexp_full_match(" ~ col ~ ", '[+-]?[0-9]+') and try_cast(" ~ col ~ " as bigint) is not null", col, "a base-10 integer id") }}
  {%- elif typ == 'dec2' -%}{{ _checked(label, name, col, "regexp_full_match(" ~ col ~ ", '[+-]?([0-9]+(\\.[0-9]{0,2})?|\\.[0-9]{1,2})') and try_cast(" ~ col ~ " as decimal(18, 2)) is not null", "cast(" ~ col ~ " as decimal(18, 2))", "a decimal with at most 2 decimals") }}
  {%- elif not is_text_file -%}
    {{ exceptions.raise_compiler_error("source " ~ label ~ ": column " ~ name ~ " is Parquet text, expected " ~ typ ~ " (L-3)") }}
  {%- elif typ == 'bool' -%}(case when {{ col }} is null then null when {{ col }} = 'true' then true when {{ col }} = 'false' then false else error('source {{ label }}: column {{ name }}: `' || {{ col }} || '` is not a bool (true/false)') end)
  {%- elif typ == 'i64' -%}{{ _checked(label, name, col, "regexp_full_match(" ~ col ~ ", '[+-]?[0-9]+') and try_cast(" ~ col ~ " as bigint) is not null", "cast(" ~ col ~ " as bigint)", "an integer") }}
  {%- elif typ == 'f64' -%}{{ _checked(label, name, col, "try_cast(" ~ col ~ " as double) is not null", "cast(" ~ col ~ " as double)", "a number") }}
  {%- elif typ == 'date' -%}{{ _checked(label, name, col, "regexp_full_match(" ~ col ~ ", '[0-9]{4}-[0-9]{2}-[0-9]{2}') and try_cast(" ~ col ~ " as date) is not null", "cast(" ~ col ~ " as date)", "a date (YYYY-MM-DD)") }}
  {%- elif typ == 'dt' -%}{{ _checked(label, name, col, "regexp_full_match(" ~ col ~ ", '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?') and try_cast(" ~ col ~ " as timestamp) is not null", "cast(" ~ col ~ " as timestamp)", "a datetime (YYYY-MM-DD HH:MM:SS[.ffffff])") }}
  {%- else -%}{{ exceptions.raise_compiler_error("unknown spec type " ~ typ) }}
  {%- endif -%}
{%- elif typ == 'str' and is_int -%}cast({{ col }} as varchar)
{%- elif typ == 'bool' and ftype == 'BOOLEAN' -%}{{ col }}
{%- elif typ == 'i64' and is_int -%}cast({{ col }} as bigint)
{%- elif typ == 'f64' and (is_int or ftype in ['FLOAT', 'DOUBLE']) -%}cast({{ col }} as double)
{%- elif typ == 'dec2' and ftype.startswith('DECIMAL') and (ftype.split(',')[1].strip(' )') | int) <= 2 -%}cast({{ col }} as decimal(18, 2))
{%- elif typ == 'date' and ftype == 'DATE' -%}{{ col }}
{%- elif typ == 'dt' and ftype in ['TIMESTAMP', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIMESTAMP_S'] -%}cast({{ col }} as timestamp)
{%- else -%}
  {{ exceptions.raise_compiler_error("source " ~ label ~ ": column " ~ name ~ " has Parquet type " ~ ftype ~ ", expected " ~ typ ~ " (L-3)") }}
{%- endif -%}
{% endmacro %}

{% macro _checked(label, name, col, ok, value, what) -%}
(case when {{ col }} is null then null when {{ ok }} then {{ value }} else error('source {{ label }}: column {{ name }}: `' || {{ col }} || '` is not {{ what }}') end)
{%- endmacro %}
