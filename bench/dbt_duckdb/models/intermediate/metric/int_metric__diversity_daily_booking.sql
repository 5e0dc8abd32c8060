-- int_metric__diversity_daily_booking (intermediate.md): one row per (non-cancelled booking,
-- entity type); recomputed in full every run (R-5, D-5).
with b as (
  select b.booking_id, b.user_id, b.deposit_id, b.booking_created_at, b.booking_creation_date,
         s.offer_category_id, s.venue_type_label, s.offer_subcategory_id, s.venue_id
  from {{ ref('int_applicative__booking') }} b
  left join {{ ref('int_global__stock') }} s on b.stock_id = s.stock_id
  -- R-1 (NULL status dropped)
  where b.booking_status <> 'CANCELLED'
),
e as (
  -- R-2: five (type, value, weight) rows per booking; EXTRA_CATEGORY = venue_id in v1 (D-9)
  select b.*, t.entity_type, t.weight,
    case t.entity_type
      when 'OFFER_CATEGORY' then b.offer_category_id
      when 'VENUE_TYPE' then b.venue_type_label
      when 'OFFER_SUBCATEGORY' then b.offer_subcategory_id
      when 'VENUE' then b.venue_id
      when 'EXTRA_CATEGORY' then b.venue_id
    end as entity
  from b
  cross join (values ('OFFER_CATEGORY', 25), ('VENUE_TYPE', 20), ('OFFER_SUBCATEGORY', 10), ('VENUE', 5), ('EXTRA_CATEGORY', 5)) as t(entity_type, weight)
),
r as (
  select e.*,
    -- R-3: NULL values form one group
    row_number() over (partition by user_id, entity_type, entity order by booking_created_at asc nulls first, booking_id asc nulls first) as rk
  from e
)
select
  booking_id,
  user_id,
  deposit_id,
  booking_created_at,
  booking_creation_date,
  entity_type as diversity_booked_entity_type,
  entity as diversity_booked_entity,
  rk as diversity_booking_entity_rank,
  -- R-4
  cast(case when rk = 1 then weight else 0 end as bigint) as diversity_score
from r
