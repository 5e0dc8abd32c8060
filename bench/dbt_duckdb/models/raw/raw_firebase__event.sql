-- sources.md §4: GA4 events from firebase/events/event_date=YYYY-MM-DD/*.parquet (every partition:
-- the reference builds the tracking tables in full), partition date from the directory, L-8 filter.
{%- set glob = var("sources_dir") ~ "/firebase/events/event_date=*/*.parquet" %}
{%- set n = run_query("select count(*) from glob('" ~ glob ~ "')").columns[0].values()[0] if execute else 0 %}
{%- set param_t = "STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, double_value DOUBLE))[]" %}
{%- if n > 0 %}
select
  CAST(regexp_extract(filename, 'event_date=([0-9]{4}-[0-9]{2}-[0-9]{2})', 1) AS DATE) AS event_date,
  CAST(event_timestamp AS BIGINT) AS event_timestamp,
  CAST(event_previous_timestamp AS BIGINT) AS event_previous_timestamp,
  event_name,
  list_transform(event_params, lambda x: {'key': x.key, 'value': {'string_value': x.value.string_value,
    'int_value': CAST(x.value.int_value AS BIGINT), 'float_value': NULL::DOUBLE,
    'double_value': CAST(x.value.double_value AS DOUBLE)}}) AS event_params,
  CAST(user_id AS VARCHAR) AS user_id,
  user_pseudo_id,
  platform,
  app_info,
  traffic_source
from read_parquet('{{ glob }}', filename = true, hive_partitioning = false, union_by_name = true)
where app_info.id is null or app_info.id in ('app.passculture', 'app.passculture.webapp')
{%- else %}
select
  NULL::DATE AS event_date, NULL::BIGINT AS event_timestamp, NULL::BIGINT AS event_previous_timestamp,
  NULL::VARCHAR AS event_name, NULL::{{ param_t }} AS event_params, NULL::VARCHAR AS user_id,
  NULL::VARCHAR AS user_pseudo_id, NULL::VARCHAR AS platform,
  NULL::STRUCT(id VARCHAR, version VARCHAR) AS app_info,
  NULL::STRUCT(name VARCHAR, medium VARCHAR, source VARCHAR) AS traffic_source
where false
{%- endif %}
