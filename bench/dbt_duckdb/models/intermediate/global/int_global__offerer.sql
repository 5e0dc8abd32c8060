-- int_global__offerer (intermediate.md): one row per raw offerer (no SIREN deduplication, D-2).
with va as (
  -- R-3…R-6: venue aggregate per managing offerer
  select
    venue_managing_offerer_id as offerer_id,
    sum(total_non_cancelled_individual_bookings) as total_non_cancelled_individual_bookings,
    sum(total_used_individual_bookings) as total_used_individual_bookings,
    sum(total_bookable_individual_offers) as total_bookable_individual_offers,
    sum(total_created_individual_offers) as total_created_individual_offers,
    sum(total_used_bookings) as total_used_bookings,
    sum(total_created_offers) as total_created_offers,
    sum(total_bookable_offers) as total_bookable_offers,
    count(distinct venue_id) as total_managed_venues,
    count(distinct venue_id) filter (where venue_is_open_to_public) as total_permanent_managed_venues,
    sum(total_individual_theoretic_revenue) as total_individual_theoretic_revenue,
    sum(total_individual_real_revenue) as total_individual_real_revenue,
    sum(total_individual_current_year_real_revenue) as total_current_year_real_revenue,
    sum(total_theoretic_revenue) as total_theoretic_revenue,
    sum(total_real_revenue) as total_real_revenue,
    sum(total_non_cancelled_bookings) as total_non_cancelled_bookings,
    sum(total_venues) as total_venues,
    min(first_individual_booking_date) as first_individual_booking_date,
    max(last_individual_booking_date) as last_individual_booking_date,
    min(first_individual_offer_creation_date) as first_individual_offer_creation_date,
    max(last_individual_offer_creation_date) as last_individual_offer_creation_date,
    min(first_stock_creation_date) as first_stock_creation_date
  from {{ ref('int_applicative__venue') }}
  group by venue_managing_offerer_id
),
epn as (
  -- R-8
  select distinct offerer_id from {{ ref('raw_applicative__offerer_tag') }} where tag_name = 'part-epn'
)
select
  o.offerer_id,
  -- R-2
  'offerer-' || o.offerer_id as partner_id,
  o.offerer_name,
  o.offerer_siren,
  o.offerer_validation_status,
  o.offerer_is_active,
  o.offerer_creation_date,
  o.offerer_validation_date,
  {{ humanize_id('o.offerer_id') }} as offerer_humanized_id,
  -- R-3 (coalesced to 0), R-6
  cast(coalesce(va.total_non_cancelled_individual_bookings, 0) as bigint) as total_non_cancelled_individual_bookings,
  cast(coalesce(va.total_used_individual_bookings, 0) as bigint) as total_used_individual_bookings,
  cast(coalesce(va.total_bookable_individual_offers, 0) as bigint) as total_bookable_individual_offers,
  cast(coalesce(va.total_created_individual_offers, 0) as bigint) as total_created_individual_offers,
  cast(coalesce(va.total_used_bookings, 0) as bigint) as total_used_bookings,
  cast(coalesce(va.total_created_offers, 0) as bigint) as total_created_offers,
  cast(coalesce(va.total_bookable_offers, 0) as bigint) as total_bookable_offers,
  cast(coalesce(va.total_managed_venues, 0) as bigint) as total_managed_venues,
  cast(coalesce(va.total_permanent_managed_venues, 0) as bigint) as total_permanent_managed_venues,
  cast(coalesce(va.total_individual_theoretic_revenue, 0) as decimal(18, 2)) as total_individual_theoretic_revenue,
  cast(coalesce(va.total_individual_real_revenue, 0) as decimal(18, 2)) as total_individual_real_revenue,
  cast(coalesce(va.total_current_year_real_revenue, 0) as decimal(18, 2)) as total_current_year_real_revenue,
  cast(coalesce(va.total_theoretic_revenue, 0) as decimal(18, 2)) as total_theoretic_revenue,
  cast(coalesce(va.total_real_revenue, 0) as decimal(18, 2)) as total_real_revenue,
  -- R-4, R-5: not coalesced
  cast(va.total_non_cancelled_bookings as bigint) as total_non_cancelled_bookings,
  cast(va.total_venues as bigint) as total_venues,
  va.first_individual_booking_date,
  va.last_individual_booking_date,
  va.first_individual_offer_creation_date,
  va.last_individual_offer_creation_date,
  -- R-7
  va.first_individual_booking_date as first_booking_date,
  va.last_individual_booking_date as last_booking_date,
  va.first_individual_offer_creation_date as first_offer_creation_date,
  va.last_individual_offer_creation_date as last_offer_creation_date,
  va.first_stock_creation_date,
  epn.offerer_id is not null as offerer_is_epn
from {{ ref('raw_applicative__offerer') }} o
left join va on o.offerer_id = va.offerer_id
left join epn on o.offerer_id = epn.offerer_id
