-- int_geo__user_location (intermediate.md): one row per raw user (all roles).
with u as (
  select
    user_id,
    -- R-1: the empty string becomes NULL
    nullif(user_postal_code, '') as postal,
    -- R-2
    coalesce({{ dept_from_postal("nullif(user_postal_code, '')") }}, user_department_code) as candidate
  from {{ ref('raw_applicative__user') }}
)
select
  u.user_id,
  u.postal as user_postal_code,
  -- R-3: a code absent from the seed becomes -1
  case when rd.num_dep is not null then rd.num_dep else '-1' end as user_department_code,
  -- R-4
  coalesce(rd.dep_name, 'non localisé') as user_department_name,
  coalesce(rd.region_name, 'non localisé') as user_region_name,
  coalesce(rd.academy_name, 'non localisé') as user_academy_name
from u
left join {{ ref('raw_seed__region_department') }} rd on rd.num_dep = u.candidate
