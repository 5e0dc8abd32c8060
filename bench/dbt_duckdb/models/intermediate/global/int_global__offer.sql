-- int_global__offer (intermediate.md): one row per kept offer, with venue and offerer columns.
select
  o.* exclude (venue_id),
  -- R-1: every venue/offerer column comes from the venue side
  v.venue_id,
  v.partner_id,
  v.offerer_id,
  v.venue_name,
  v.venue_label,
  v.venue_type_label,
  v.venue_postal_code,
  v.venue_department_code,
  v.venue_department_name,
  v.venue_region_name,
  v.venue_academy_name,
  v.offerer_name,
  v.offerer_validation_status,
  v.venue_is_permanent,
  v.offerer_is_epn
from {{ ref('int_applicative__offer') }} o
left join {{ ref('int_global__venue') }} v on o.venue_id = v.venue_id
