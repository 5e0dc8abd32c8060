-- int_applicative__offer (intermediate.md): one row per kept offer.
with sa as (
  -- R-2: stock aggregate per offer (all stocks, soft-deleted included)
  select
    offer_id,
    max(is_bookable) as any_bookable,
    sum(total_available_stock) as total_available_stock,
    sum(total_bookings) as total_bookings,
    sum(total_individual_bookings) as total_individual_bookings,
    sum(total_cancelled_individual_bookings) as total_cancelled_individual_bookings,
    sum(total_non_cancelled_individual_bookings) as total_non_cancelled_individual_bookings,
    sum(total_used_individual_bookings) as total_used_individual_bookings,
    sum(stock_quantity) as total_stock_quantity,
    sum(total_first_bookings) as total_first_bookings,
    sum(total_individual_theoretic_revenue) as total_individual_theoretic_revenue,
    sum(total_individual_real_revenue) as total_individual_real_revenue,
    sum(total_individual_current_year_real_revenue) as total_individual_current_year_real_revenue,
    min(first_individual_booking_date) as first_individual_booking_date,
    max(last_individual_booking_date) as last_individual_booking_date,
    min(stock_creation_date) as first_stock_creation_date,
    max(stock_price) filter (where stock_rk = 1) as last_stock_price
  from {{ ref('int_applicative__stock') }}
  group by offer_id
),
f as (
  -- R-4
  select offerid, count(*) as total_favorites
  from {{ ref('raw_applicative__favorite') }}
  group by offerid
),
o as (
  select
    o.*,
    e.isbn as e_isbn,
    e.ean as e_ean,
    sc.id as sc_id,
    -- R-5
    sc.is_physical_deposit as physical_goods,
    sc.is_digital_deposit as digital_goods,
    sc.is_event as event,
    sc.category_id as offer_category_id,
    sc.search_group_name,
    sa.* exclude (offer_id),
    f.total_favorites
  from {{ ref('int_applicative__extract_offer') }} o
  left join {{ ref('int_applicative__offer_ean') }} e on o.offer_id = e.offer_id
  left join sa on o.offer_id = sa.offer_id
  left join f on o.offer_id = f.offerid
  left join {{ ref('raw_applicative__subcategory') }} sc on o.offer_subcategoryid = sc.id
  -- R-1
  where o.offer_subcategoryid not in ('ACTIVATION_THING', 'ACTIVATION_EVENT')
    and (o.booking_email <> 'jeux-concours@passculture.app' or o.booking_email is null)
)
select
  offer_id,
  offer_id_at_providers,
  offer_product_id,
  offer_last_provider_id,
  booking_email,
  offer_name,
  offer_description,
  offer_url,
  offer_validation,
  offer_last_validation_type,
  offerer_address_id,
  venue_id,
  offer_subcategoryid as offer_subcategory_id,
  offer_updated_date,
  offer_publication_date,
  offer_finalization_date,
  scheduled_offer_bookability_date,
  -- R-8
  offer_creation_date as offer_created_at,
  cast(offer_creation_date as date) as offer_creation_date,
  offer_is_active as is_active,
  offer_is_national as is_national,
  offer_is_duo,
  -- R-7
  offer_last_provider_id is not null as is_synchronised,
  -- R-10
  {{ humanize_id('offer_id') }} as offer_humanized_id,
  {{ humanize_id('offer_product_id') }} as offer_product_humanized_id,
  -- R-9
  'https://backoffice.passculture.team/pro/offer/' || offer_id as passculture_pro_url,
  'https://passculture.app/offre/' || offer_id as webapp_url,
  e_isbn as isbn,
  e_ean as ean,
  -- R-6
  case when offer_product_id is not null then 'product-' || offer_product_id else 'offer-' || offer_id end as item_id,
  physical_goods,
  digital_goods,
  event,
  offer_category_id,
  search_group_name,
  -- R-3
  coalesce(any_bookable = true and offer_is_active = true and offer_validation = 'APPROVED', false) as offer_is_bookable,
  cast(total_available_stock as bigint) as total_available_stock,
  cast(total_bookings as bigint) as total_bookings,
  cast(total_individual_bookings as bigint) as total_individual_bookings,
  cast(total_cancelled_individual_bookings as bigint) as total_cancelled_individual_bookings,
  cast(total_non_cancelled_individual_bookings as bigint) as total_non_cancelled_individual_bookings,
  cast(total_used_individual_bookings as bigint) as total_used_individual_bookings,
  cast(total_stock_quantity as bigint) as total_stock_quantity,
  cast(total_first_bookings as bigint) as total_first_bookings,
  cast(total_individual_theoretic_revenue as decimal(18, 2)) as total_individual_theoretic_revenue,
  cast(total_individual_real_revenue as decimal(18, 2)) as total_individual_real_revenue,
  cast(total_individual_current_year_real_revenue as decimal(18, 2)) as total_individual_current_year_real_revenue,
  first_individual_booking_date,
  last_individual_booking_date,
  first_stock_creation_date,
  cast(last_stock_price as decimal(18, 2)) as last_stock_price,
  cast(total_favorites as bigint) as total_favorites,
  -- R-11: three-valued, not coalesced
  offer_subcategoryid not in ('JEU_EN_LIGNE', 'JEU_SUPPORT_PHYSIQUE', 'ABO_JEU_VIDEO', 'ABO_LUDOTHEQUE')
    and (offer_url is null
         or last_stock_price = 0
         or sc_id in ('LIVRE_NUMERIQUE', 'ABO_LIVRE_NUMERIQUE', 'TELECHARGEMENT_LIVRE_AUDIO')
         or offer_category_id = 'MEDIA') as offer_is_underage_selectable,
  -- R-12
  case
    when offer_category_id in ('MUSIQUE_LIVE', 'MUSIQUE_ENREGISTREE') then 'MUSIC'
    when offer_category_id = 'SPECTACLE' then 'SHOW'
    when offer_category_id = 'CINEMA' then 'MOVIE'
    when offer_category_id = 'LIVRE' then 'BOOK'
  end as offer_type_domain,
  -- R-13
  case
    when offer_category_id <> 'MUSIQUE_LIVE' and showtype is not null then showtype
    when offer_category_id = 'MUSIQUE_LIVE' then musictype
    when offer_category_id <> 'SPECTACLE' and musictype is not null then musictype
  end as "type",
  -- R-14
  case
    when offer_category_id <> 'MUSIQUE_LIVE' and showsubtype is not null then showsubtype
    when offer_category_id = 'MUSIQUE_LIVE' then musicsubtype
    when offer_category_id <> 'SPECTACLE' and musicsubtype is not null then musicsubtype
  end as sub_type,
  -- R-15 (C-5: ds at 00:00 in the column's own wall-clock)
  coalesce(offer_publication_date > cast({{ ds() }} as timestamp), false) as is_future_scheduled,
  -- R-16
  coalesce(scheduled_offer_bookability_date > cast({{ ds() }} as timestamp)
           and offer_publication_date <= cast({{ ds() }} as timestamp), false) as is_coming_soon
from o
