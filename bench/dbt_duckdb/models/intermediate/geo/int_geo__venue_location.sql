-- int_geo__venue_location (intermediate.md): one row per venue having a VENUE_LOCATION address.
with oa as (
  select *
  from {{ ref('raw_applicative__offerer_address') }}
  where offerer_address_type = 'VENUE_LOCATION'
  -- R-1: the greatest offerer_address_id (string order) per venue
  qualify row_number() over (partition by venue_id order by offerer_address_id desc nulls last) = 1
),
j as (
  select
    v.venue_id,
    oa.address_postal_code,
    oa.address_latitude,
    oa.address_longitude,
    oa.address_street,
    -- R-2 (not validated against the seed)
    coalesce({{ dept_from_postal('oa.address_postal_code') }}, oa.address_department_code, '-1') as dept
  from {{ ref('raw_applicative__venue') }} v
  inner join oa on v.venue_id = oa.venue_id
)
select
  j.venue_id,
  j.address_postal_code as venue_postal_code,
  j.address_latitude as venue_latitude,
  j.address_longitude as venue_longitude,
  j.address_street as venue_street,
  j.dept as venue_department_code,
  -- R-3
  coalesce(rd.dep_name, 'non localisé') as venue_department_name,
  coalesce(rd.region_name, 'non localisé') as venue_region_name,
  coalesce(rd.academy_name, 'non localisé') as venue_academy_name
from j
left join {{ ref('raw_seed__region_department') }} rd on rd.num_dep = j.dept
