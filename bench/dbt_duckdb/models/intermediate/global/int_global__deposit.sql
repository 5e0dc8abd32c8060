-- int_global__deposit (intermediate.md): one row per raw deposit, with its booking aggregate.
with ba as (
  -- R-1 ("nc" = NOT booking_is_cancelled, "amt" = booking_intermediary_amount)
  select
    deposit_id,
    sum(booking_intermediary_amount) filter (where booking_is_used) as total_actual_amount_spent,
    sum(booking_intermediary_amount) filter (where not booking_is_cancelled) as total_theoretical_amount_spent,
    sum(booking_intermediary_amount) filter (where digital_goods and offer_url is not null and not booking_is_cancelled) as total_theoretical_amount_spent_in_digital_goods,
    sum(booking_intermediary_amount) filter (where physical_goods and offer_url is null and not booking_is_cancelled) as total_theoretical_physical_goods_amount_spent,
    sum(booking_intermediary_amount) filter (where event and not booking_is_cancelled) as total_theoretical_outings_amount_spent,
    count(*) filter (where not booking_is_cancelled) as total_non_cancelled_individual_bookings,
    count(*) filter (where booking_intermediary_amount = 0) as total_free_bookings,
    count(*) filter (where booking_quantity = 2 and not booking_is_cancelled) as total_non_cancelled_duo_bookings,
    count(distinct offer_subcategory_id) filter (where not booking_is_cancelled) as total_subcategory_booked,
    min(booking_creation_date) filter (where not booking_is_cancelled) as first_individual_booking_date,
    max(booking_creation_date) filter (where not booking_is_cancelled) as last_individual_booking_date,
    min(booking_creation_date) filter (where booking_intermediary_amount = 0) as first_paid_booking_date,
    sum(diversity_score) as total_diversity_score,
    max(offer_subcategory_id) filter (where user_booking_rank = 1) as first_booking_type,
    max(offer_subcategory_id) filter (where user_booking_rank = 1 and booking_intermediary_amount = 0) as first_paid_booking_type
  from {{ ref('int_global__booking') }}
  group by deposit_id
)
select
  d.deposit_id,
  d.deposit_amount,
  d.user_id,
  d.user_age_at_deposit,
  d.source,
  d.deposit_creation_date,
  d.deposit_update_date,
  d.deposit_expiration_date,
  d.deposit_type,
  d.deposit_reform_category,
  d.deposit_source,
  d.deposit_rank_asc,
  d.deposit_rank_desc,
  d.last_recredit_date,
  d.total_recredit,
  cast(coalesce(d.total_recredit_amount, 0) as decimal(18, 2)) as total_recredit_amount,
  cast(coalesce(ba.total_actual_amount_spent, 0) as decimal(18, 2)) as total_actual_amount_spent,
  cast(coalesce(ba.total_theoretical_amount_spent, 0) as decimal(18, 2)) as total_theoretical_amount_spent,
  cast(coalesce(ba.total_theoretical_amount_spent_in_digital_goods, 0) as decimal(18, 2)) as total_theoretical_amount_spent_in_digital_goods,
  -- K-5: same definition
  cast(coalesce(ba.total_theoretical_amount_spent_in_digital_goods, 0) as decimal(18, 2)) as total_theoretical_digital_goods_amount_spent,
  cast(coalesce(ba.total_theoretical_physical_goods_amount_spent, 0) as decimal(18, 2)) as total_theoretical_physical_goods_amount_spent,
  cast(coalesce(ba.total_theoretical_outings_amount_spent, 0) as decimal(18, 2)) as total_theoretical_outings_amount_spent,
  cast(coalesce(ba.total_non_cancelled_individual_bookings, 0) as bigint) as total_non_cancelled_individual_bookings,
  cast(coalesce(ba.total_free_bookings, 0) as bigint) as total_free_bookings,
  cast(coalesce(ba.total_non_cancelled_duo_bookings, 0) as bigint) as total_non_cancelled_duo_bookings,
  cast(coalesce(ba.total_subcategory_booked, 0) as bigint) as total_subcategory_booked,
  ba.first_individual_booking_date,
  ba.last_individual_booking_date,
  ba.first_paid_booking_date,
  -- K-7: not coalesced
  cast(ba.total_diversity_score as bigint) as total_diversity_score,
  ba.first_booking_type,
  ba.first_paid_booking_type
from {{ ref('int_applicative__deposit') }} d
left join ba on d.deposit_id = ba.deposit_id
