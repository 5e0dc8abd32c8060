-- int_global__venue (intermediate.md): one row per non-soft-deleted venue, with its offerer.
select
  v.* exclude (venue_managing_offerer_id),
  -- R-1
  v.venue_managing_offerer_id as offerer_id,
  -- R-2
  v.venue_id as partner_id,
  o.offerer_name,
  o.offerer_validation_status,
  o.offerer_is_active,
  o.offerer_is_epn,
  -- R-3 (NULL when a part is NULL)
  'https://passculture.pro/structures/' || o.offerer_humanized_id || '/lieux/' || v.venue_humanized_id as venue_pc_pro_link,
  -- R-4
  row_number() over (partition by v.venue_managing_offerer_id
    order by v.total_theoretic_revenue desc nulls last, v.total_created_offers desc nulls last,
             v.venue_name desc nulls last, v.venue_id asc nulls first) as offerer_rank_desc,
  row_number() over (partition by v.venue_managing_offerer_id
    order by v.total_theoretic_revenue desc nulls last, v.total_created_offers desc nulls last,
             v.venue_name asc nulls first, v.venue_id asc nulls first) as offerer_rank_asc
from {{ ref('int_applicative__venue') }} v
left join {{ ref('int_global__offerer') }} o on v.venue_managing_offerer_id = o.offerer_id
