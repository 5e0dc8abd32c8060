{#-
  The spec's shared functions (docs/spec/README.md §9) and clock (§4) as SQL expressions.
  Each macro expands inline (no DuckDB catalog macro), so a compiled model is plain DuckDB SQL.
-#}

{#- ds: the run date (C-4). -#}
{% macro ds() -%}
DATE '{{ var("ds") }}'
{%- endmacro %}

{#- as_of: "now" (C-3/C-4), a naive UTC timestamp; default ds 00:00:00 UTC. -#}
{% macro as_of() -%}
{%- if var("as_of", "") -%}
TIMESTAMP '{{ var("as_of") }}'
{%- else -%}
CAST(DATE '{{ var("ds") }}' AS TIMESTAMP)
{%- endif -%}
{%- endmacro %}

{#- date(x) (C-14): calendar date of a naive datetime. -#}
{% macro date_of(x) -%}
CAST({{ x }} AS DATE)
{%- endmacro %}

{#- days_between(a, b) = b − a in calendar days (C-7), i64. -#}
{% macro days_between(a, b) -%}
CAST(CAST({{ b }} AS DATE) - CAST({{ a }} AS DATE) AS BIGINT)
{%- endmacro %}

{#- exact_age(ref, birth) (C-26), i64; NULL if either is NULL. -#}
{% macro exact_age(r, b) -%}
CAST(year(CAST({{ r }} AS DATE)) - year(CAST({{ b }} AS DATE))
  - CASE WHEN month(CAST({{ b }} AS DATE)) * 100 + day(CAST({{ b }} AS DATE))
            > month(CAST({{ r }} AS DATE)) * 100 + day(CAST({{ r }} AS DATE)) THEN 1 ELSE 0 END AS BIGINT)
{%- endmacro %}

{#- trim_sp(s) (C-30): leading and trailing U+0020 only. -#}
{% macro trim_sp(s) -%}
trim({{ s }}, ' ')
{%- endmacro %}

{#- contains_ci(s, needle) (C-32). -#}
{% macro contains_ci(s, needle) -%}
contains(lower({{ s }}), lower('{{ needle }}'))
{%- endmacro %}

{#- dept_from_postal(p) (C-31). A prefix test on a shorter string is false; "first 3 chars" of a
    2-character string is the string (SQL SUBSTR). -#}
{% macro dept_from_postal(p) -%}
(CASE
  WHEN {{ p }} IS NULL OR length({{ p }}) < 2 THEN NULL
  WHEN {{ p }} = '97150' THEN '978'
  WHEN substr({{ p }}, 1, 2) IN ('97', '98') THEN substr({{ p }}, 1, 3)
  WHEN length({{ p }}) >= 3 AND substr({{ p }}, 1, 3) IN ('200', '201', '205', '209') THEN '2A'
  WHEN length({{ p }}) >= 3 AND substr({{ p }}, 1, 3) IN ('202', '206') THEN '2B'
  ELSE substr({{ p }}, 1, 2)
END)
{%- endmacro %}

{#- humanize_id(id) (C-27): ASCII digits only (else NULL), leading zeros ignored, any size;
    big-endian bytes without leading zero byte, base32 RFC 4648 without padding, O→8, I→9
    (the alphabet below already has 8 and 9 in place of O and I). "0" → "". -#}
{% macro _hz_bits(s) -%}
(CASE
  WHEN {{ s }} = '' THEN ''
  WHEN length({{ s }}) <= 19 THEN bin(CAST({{ s }} AS UBIGINT))
  WHEN length({{ s }}) <= 38 THEN bin(CAST({{ s }} AS UHUGEINT))
  ELSE {{ _hz_bits_big(s) }}
END)
{%- endmacro %}

{#- Arbitrary precision: decimal text → base-2^32 limbs (big-endian) by multiply-and-add over
    9-digit chunks, then the binary text of the limbs. (Lambda parameters carry a hz_ prefix so
    that no column of a model can shadow them.) -#}
{% macro _hz_bits_big(s) -%}
list_transform(
  [list_reduce(
    list_transform(range(0, (length({{ s }}) + 8) // 9),
      lambda hz_i: CAST(substr(lpad({{ s }}, CAST(((length({{ s }}) + 8) // 9) * 9 AS INTEGER), '0'), CAST(hz_i * 9 + 1 AS INTEGER), 9) AS UBIGINT)),
    lambda hz_acc, hz_ch: list_transform(
      [list_reduce(list_reverse(hz_acc),
        lambda hz_st, hz_x: {'c': (hz_x * 1000000000 + hz_st.c) >> 32, 'o': list_prepend((hz_x * 1000000000 + hz_st.c) & 4294967295, hz_st.o)},
        {'c': hz_ch, 'o': CAST([] AS UBIGINT[])})],
      lambda hz_r: CASE WHEN hz_r.c > 0 THEN list_prepend(hz_r.c, hz_r.o) ELSE hz_r.o END)[1],
    CAST([] AS UBIGINT[]))],
  lambda hz_limbs: bin(hz_limbs[1]) || array_to_string(list_transform(hz_limbs[2:], lambda hz_l: lpad(bin(hz_l), 32, '0')), ''))[1]
{%- endmacro %}

{#- Fast path for at most 19 digits (< 2^64): with n = byte length and k = ceil(8n / 5) output
    characters, the value shifted left by 5k − 8n bits is written as 13 base-32 digits and the
    last k are kept; no string-of-bits round trip. -#}
{% macro _hz_small(s) -%}
list_transform([CAST({{ s }} AS UBIGINT)], lambda hz_v:
  list_transform([CASE WHEN hz_v < 256 THEN 1 WHEN hz_v < 65536 THEN 2 WHEN hz_v < 16777216 THEN 3 WHEN hz_v < 4294967296 THEN 4
                       WHEN hz_v < 1099511627776 THEN 5 WHEN hz_v < 281474976710656 THEN 6 WHEN hz_v < 72057594037927936 THEN 7 ELSE 8 END],
    lambda hz_n: list_transform([CAST(hz_v AS HUGEINT) << CAST(((hz_n * 8 + 4) // 5) * 5 - hz_n * 8 AS HUGEINT)],
      lambda hz_m: right(concat(
        {%- for j in range(13) %}
        substr('ABCDEFGH9JKLMN8PQRSTUVWXYZ234567', CAST(((hz_m >> {{ 5 * (12 - j) }}) & 31) + 1 AS INTEGER), 1){{ "," if not loop.last }}
        {%- endfor %}), CAST((hz_n * 8 + 4) // 5 AS INTEGER)))[1])[1])[1]
{%- endmacro %}

{% macro humanize_id(e) -%}
(CASE WHEN {{ e }} IS NULL OR NOT regexp_full_match({{ e }}, '[0-9]+') THEN NULL
  WHEN ltrim({{ e }}, '0') = '' THEN ''
  WHEN length(ltrim({{ e }}, '0')) <= 19 THEN {{ _hz_small("ltrim(" ~ e ~ ", '0')") }}
  ELSE list_transform(
    [{{ _hz_bits("ltrim(" ~ e ~ ", '0')") }}],
    lambda hz_b: list_transform(
      [rpad(lpad(hz_b, CAST(((length(hz_b) + 7) // 8) * 8 AS INTEGER), '0'),
            CAST(((((length(hz_b) + 7) // 8) * 8 + 4) // 5) * 5 AS INTEGER), '0')],
      lambda hz_p: array_to_string(list_transform(range(0, length(hz_p) // 5),
        lambda hz_i: substr('ABCDEFGH9JKLMN8PQRSTUVWXYZ234567',
                            CAST(CAST('0b' || substr(hz_p, CAST(hz_i * 5 + 1 AS INTEGER), 5) AS INTEGER) + 1 AS INTEGER), 1)), ''))[1])[1]
END)
{%- endmacro %}

{#- JSON (C-28/C-29). DuckDB's JSON reader normalises numbers (1.50 → 1.5), so numbers are read
    from a copy of the text in which every number token outside string literals is quoted:
    the literal text survives as a JSON string. -#}
{% macro _json_numbers_as_strings(t, replacement='"\\1"') -%}
array_to_string(list_transform(
  regexp_extract_all({{ t }}, '"(?:[^"\\]|\\.)*"|[^"]+'),
  lambda js_tok: CASE WHEN starts_with(js_tok, '"') THEN js_tok
                   ELSE regexp_replace(js_tok, '(-?[0-9][0-9.eE+-]*)', '{{ replacement }}', 'g') END), '')
{%- endmacro %}

{#- Strict JSON validity (RFC 8259): DuckDB's json_valid also accepts trailing commas and the
    NaN / Infinity literals, which C-28 treats as unparsable text. -#}
{% macro _json_valid(t) -%}
(json_valid({{ t }}) AND NOT list_bool_or(list_transform(
  regexp_extract_all({{ t }}, '"(?:[^"\\]|\\.)*"|[^"]+'),
  lambda js_run: NOT starts_with(js_run, '"') AND (
    regexp_matches(js_run, ',[ \t\n\r]*[\]}]')
    OR regexp_matches(regexp_replace(js_run, 'true|false|null|-?[0-9][0-9.eE+-]*', '', 'g'), '[A-Za-z]')))))
{%- endmacro %}

{#- json_scalar(text, key) (C-28). -#}
{% macro json_scalar(t, key) -%}
{%- set path = "'$.\"" ~ key ~ "\"'" -%}
(CASE WHEN {{ _json_valid(t) }} THEN
  CASE
    WHEN json_type({{ t }}, {{ path }}) IS NULL THEN NULL
    WHEN json_type({{ t }}, {{ path }}) IN ('NULL', 'OBJECT', 'ARRAY') THEN NULL
    WHEN json_type({{ t }}, {{ path }}) IN ('VARCHAR', 'BOOLEAN') THEN json_extract_string({{ t }}, {{ path }})
    ELSE json_extract_string({{ _json_numbers_as_strings(t) }}, {{ path }})
  END
END)
{%- endmacro %}

{#- json_raw(text, key) (C-29): compact JSON text; strings keep their quotes, numbers their text. -#}
{% macro json_raw(t, key) -%}
{%- set path = "'$.\"" ~ key ~ "\"'" -%}
(CASE WHEN {{ _json_valid(t) }} THEN
  CASE
    WHEN json_type({{ t }}, {{ path }}) IS NULL THEN NULL
    WHEN json_type({{ t }}, {{ path }}) = 'NULL' THEN NULL
    WHEN json_type({{ t }}, {{ path }}) IN ('VARCHAR', 'BOOLEAN') THEN CAST(json_extract({{ t }}, {{ path }}) AS VARCHAR)
    -- nested value: numbers inside are marked strings ("\u0001<text>") that are unquoted after
    -- DuckDB serialises the value compactly, so they keep their literal text
    WHEN json_type({{ t }}, {{ path }}) IN ('OBJECT', 'ARRAY') THEN regexp_replace(
      CAST(json_extract({{ _json_numbers_as_strings(t, '"\\\\u0001\\1"') }}, {{ path }}) AS VARCHAR),
      '"\\u0001([^"]*)"', '\1', 'g')
    ELSE json_extract_string({{ _json_numbers_as_strings(t) }}, {{ path }})
  END
END)
{%- endmacro %}

{#- clean(s) and valid(c) of R-int_applicative__offer_ean-1/2: remove ASCII whitespace (space,
    tab, LF, CR, FF), '-' and ASCII letters; valid = exactly 10 or 13 ASCII digits. -#}
{% macro ean_clean(s) -%}
regexp_replace({{ s }}, '[ \t\n\r\f\-A-Za-z]', '', 'g')
{%- endmacro %}

{% macro ean_valid(c) -%}
regexp_full_match({{ c }}, '[0-9]{10}|[0-9]{13}')
{%- endmacro %}
