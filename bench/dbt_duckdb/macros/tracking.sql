{#-
  Tracking helpers (sources.md §4.3, tracking.md): GA4 param accessors, instants, paris(), fmt_double.
-#}

{#- p_str / p_int / p_dbl (L-7): the typed field of the FIRST param whose key matches; NULL if none. -#}
{% macro p_str(k) -%}
(list_filter(event_params, lambda x: x.key = '{{ k }}')[1]).value.string_value
{%- endmacro %}
{% macro p_int(k) -%}
CAST((list_filter(event_params, lambda x: x.key = '{{ k }}')[1]).value.int_value AS BIGINT)
{%- endmacro %}
{% macro p_dbl(k) -%}
CAST((list_filter(event_params, lambda x: x.key = '{{ k }}')[1]).value.double_value AS DOUBLE)
{%- endmacro %}

{#- C-12: µs since the epoch as a UTC instant. -#}
{% macro ts_from_micros(x) -%}
(TIMESTAMPTZ '1970-01-01 00:00:00+00' + to_microseconds(CAST({{ x }} AS BIGINT)))
{%- endmacro %}

{#- C-13: paris() of an instant / of a naive UTC wall-clock. -#}
{% macro paris(ts) -%}
timezone('Europe/Paris', {{ ts }})
{%- endmacro %}
{% macro paris_of_utc(dt) -%}
timezone('Europe/Paris', timezone('UTC', {{ dt }}))
{%- endmacro %}

{#- fmt_double (R-int_firebase__native_event-3): NaN/inf → NULL; integral → integer text; else the
    shortest round-trip text (DuckDB's double → text; an exponent form is not expanded). -#}
{% macro fmt_double(x) -%}
CASE WHEN isnan({{ x }}) OR isinf({{ x }}) THEN NULL
     WHEN {{ x }} = trunc({{ x }}) AND abs({{ x }}) < 1e38 THEN CAST(CAST({{ x }} AS HUGEINT) AS VARCHAR)
     ELSE CAST({{ x }} AS VARCHAR) END
{%- endmacro %}

{#- Incremental tracking (T-1…T-4): the run window W = [ds − lookback_days, ds], both ends
    included. `in_window(col)` is the predicate of the incremental branch of the three tracking
    models; a full refresh (`--full-refresh`, or no stored table yet) has no filter (W = every
    partition). -#}
{% macro window_start() -%}
(DATE '{{ var("ds") }}' - INTERVAL {{ var("lookback_days", 3) | int }} DAY)::DATE
{%- endmacro %}
{% macro in_window(col) -%}
{{ col }} BETWEEN {{ window_start() }} AND DATE '{{ var("ds") }}'
{%- endmacro %}

