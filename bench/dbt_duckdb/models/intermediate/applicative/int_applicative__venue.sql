-- int_applicative__venue (intermediate.md): one row per non-soft-deleted venue.
with oa as (
  -- R-5: offer aggregate per venue over every kept offer
  select
    venue_id,
    sum(total_individual_bookings) as total_individual_bookings,
    sum(total_non_cancelled_individual_bookings) as total_non_cancelled_individual_bookings,
    sum(total_used_individual_bookings) as total_used_individual_bookings,
    sum(total_individual_theoretic_revenue) as total_individual_theoretic_revenue,
    sum(total_individual_real_revenue) as total_individual_real_revenue,
    sum(total_individual_current_year_real_revenue) as total_individual_current_year_real_revenue,
    min(first_individual_booking_date) as first_individual_booking_date,
    max(last_individual_booking_date) as last_individual_booking_date,
    min(first_stock_creation_date) as first_stock_creation_date,
    min(offer_creation_date) filter (where offer_validation = 'APPROVED') as first_individual_offer_creation_date,
    max(offer_creation_date) filter (where offer_validation = 'APPROVED') as last_individual_offer_creation_date,
    count(*) filter (where offer_validation = 'APPROVED') as total_created_individual_offers,
    count(distinct offer_id) filter (where offer_is_bookable) as total_bookable_individual_offers,
    count(distinct venue_id) as total_venues
  from {{ ref('int_applicative__offer') }}
  group by venue_id
),
v as (
  select
    v.*,
    vl.venue_label as label_text,
    loc.venue_street,
    loc.venue_postal_code,
    loc.venue_department_code,
    loc.venue_department_name,
    loc.venue_region_name,
    loc.venue_academy_name,
    loc.venue_latitude,
    loc.venue_longitude,
    cast(oa.total_individual_bookings as bigint) as total_individual_bookings,
    cast(coalesce(oa.total_non_cancelled_individual_bookings, 0) as bigint) as total_non_cancelled_individual_bookings,
    cast(coalesce(oa.total_used_individual_bookings, 0) as bigint) as total_used_individual_bookings,
    cast(coalesce(oa.total_created_individual_offers, 0) as bigint) as total_created_individual_offers,
    cast(coalesce(oa.total_bookable_individual_offers, 0) as bigint) as total_bookable_individual_offers,
    cast(coalesce(oa.total_venues, 0) as bigint) as total_venues,
    cast(coalesce(oa.total_individual_theoretic_revenue, 0) as decimal(18, 2)) as total_individual_theoretic_revenue,
    cast(coalesce(oa.total_individual_real_revenue, 0) as decimal(18, 2)) as total_individual_real_revenue,
    cast(coalesce(oa.total_individual_current_year_real_revenue, 0) as decimal(18, 2)) as total_individual_current_year_real_revenue,
    oa.first_individual_booking_date,
    oa.last_individual_booking_date,
    oa.first_individual_offer_creation_date,
    oa.last_individual_offer_creation_date,
    oa.first_stock_creation_date
  from {{ ref('raw_applicative__venue') }} v
  left join {{ ref('int_geo__venue_location') }} loc on v.venue_id = loc.venue_id
  left join oa on v.venue_id = oa.venue_id
  left join {{ ref('raw_applicative__venue_label') }} vl on v.venue_label_id = vl.venue_label_id
  -- R-1
  where v.venue_is_soft_deleted = false
)
select
  venue_id,
  venue_managing_offerer_id,
  venue_name,
  venue_public_name,
  venue_siret,
  venue_booking_email,
  venue_label_id,
  venue_state,
  banner_url,
  venue_description,
  venue_withdrawal_details,
  venue_volunteering_url,
  venue_creation_date,
  venue_is_permanent,
  venue_is_open_to_public,
  -- R-2
  case venue_type_code
    when 'ADMINISTRATIVE' then 'Lieu administratif'
    when 'DIGITAL' then 'Offre numérique'
    when 'BOOKSTORE' then 'Librairie'
    when 'PERFORMING_ARTS' then 'Spectacle vivant'
    when 'ARTISTIC_COURSE' then 'Cours et pratique artistiques'
    when 'MOVIE' then 'Cinéma - Salle de projections'
    when 'OTHER' then 'Autre'
    when 'CONCERT_HALL' then 'Musique - Salle de concerts'
    when 'MUSEUM' then 'Musée'
    when 'CULTURAL_CENTRE' then 'Centre culturel'
    when 'PATRIMONY_TOURISM' then 'Patrimoine et tourisme'
    when 'FESTIVAL' then 'Festival'
    when 'MUSICAL_INSTRUMENT_STORE' then 'Musique - Magasin d’instruments'
    when 'LIBRARY' then 'Bibliothèque ou médiathèque'
    when 'VISUAL_ARTS' then 'Arts visuels, arts plastiques et galeries'
    when 'GAMES' then 'Jeux / Jeux vidéos'
    when 'CREATIVE_ARTS_STORE' then 'Magasin arts créatifs'
    when 'RECORD_STORE' then 'Musique - Disquaire'
    when 'SCIENTIFIC_CULTURE' then 'Culture scientifique'
    when 'TRAVELING_CINEMA' then 'Cinéma itinérant'
    when 'DISTRIBUTION_STORE' then 'Magasin de grande distribution'
    else venue_type_code
  end as venue_type_label,
  -- R-3
  case venue_activity
    when 'ART_GALLERY' then 'Galerie d’art'
    when 'ART_SCHOOL' then 'Conservatoire ou école d’arts'
    when 'ARTISTIC_COMPANY' then 'Compagnie artistique'
    when 'ARTISTIC_PRACTICE' then 'Pratique ou enseignement artistique'
    when 'ARTS_CENTRE' then 'Centre d’arts ou FRAC'
    when 'ARTS_EDUCATION' then 'Formation ou enseignement artistique'
    when 'BOOKSTORE' then 'Librairie'
    when 'CINEMA' then 'Cinéma'
    when 'COMMUNITY_CENTRE' then 'Centre socio-culturel'
    when 'CREATIVE_ARTS_STORE' then 'Magasin d’arts créatifs'
    when 'CULTURAL_CENTRE' then 'Lieu culturel pluridisciplinaire (tiers-lieu, friche, etc…)'
    when 'CULTURAL_MEDIATION' then 'Médiation culturelle'
    when 'DISTRIBUTION_STORE' then 'Magasin de distribution de produits culturels'
    when 'FESTIVAL' then 'Festival'
    when 'GAMES_CENTRE' then 'Espace ludique'
    when 'HERITAGE_SITE' then 'Activité patrimoniale, historique ou touristique'
    when 'HIGHER_EDUCATION_INSTITUTION' then 'Enseignement supérieur (arts, architecture, etc…)'
    when 'LIBRARY' then 'Bibliothèque ou médiathèque'
    when 'MUNICIPALITY_CULTURAL_DEPARTMENT' then 'Service culturel de collectivité'
    when 'MUSEUM' then 'Musée'
    when 'MUSIC_INSTRUMENT_STORE' then 'Magasin d’instruments de musique'
    when 'OTHER' then 'Autre'
    when 'PERFORMANCE_HALL' then 'Salle de spectacles'
    when 'PRESS' then 'Presse'
    when 'PRESS_OR_MEDIA' then 'Presse ou média'
    when 'PRODUCTION_OR_PROMOTION_COMPANY' then 'Société de production, tourneur ou label'
    when 'PUBLISHING_HOUSE' then 'Maison d’édition'
    when 'RADIO_OR_MUSIC_STREAMING' then 'Radio ou streaming musical'
    when 'RECORD_STORE' then 'Disquaire'
    when 'SCIENCE_CENTRE' then 'Centre de culture scientifique, technique et industrielle'
    when 'SCIENTIFIC_CULTURE' then 'Culture scientifique'
    when 'STREAMING_PLATFORM' then 'Plateforme de streaming musique ou vidéo'
    when 'TELEVISION_OR_VIDEO_STREAMING' then 'Télévision ou streaming vidéo'
    when 'TOURIST_INFORMATION_CENTRE' then 'Office de tourisme'
    when 'TRAVELLING_CINEMA' then 'Cinéma itinérant'
    else venue_activity
  end as venue_activity,
  label_text as venue_label,
  -- R-4
  'https://backoffice.passculture.team/pro/venue/' || venue_id as venue_backoffice_link,
  {{ humanize_id('venue_id') }} as venue_humanized_id,
  venue_street,
  venue_postal_code,
  venue_department_code,
  venue_department_name,
  venue_region_name,
  venue_academy_name,
  venue_latitude,
  venue_longitude,
  total_individual_bookings,
  total_non_cancelled_individual_bookings,
  total_used_individual_bookings,
  total_created_individual_offers,
  total_bookable_individual_offers,
  total_venues,
  total_individual_theoretic_revenue,
  total_individual_real_revenue,
  total_individual_current_year_real_revenue,
  first_individual_booking_date,
  last_individual_booking_date,
  first_individual_offer_creation_date,
  last_individual_offer_creation_date,
  first_stock_creation_date,
  -- R-6: v1 totals are individual-only
  cast(coalesce(total_individual_bookings, 0) as bigint) as total_bookings,
  total_non_cancelled_individual_bookings as total_non_cancelled_bookings,
  total_used_individual_bookings as total_used_bookings,
  total_created_individual_offers as total_created_offers,
  total_bookable_individual_offers as total_bookable_offers,
  total_individual_theoretic_revenue as total_theoretic_revenue,
  total_individual_real_revenue as total_real_revenue,
  first_individual_booking_date as first_booking_date,
  last_individual_booking_date as last_booking_date,
  first_individual_offer_creation_date as first_offer_creation_date,
  last_individual_offer_creation_date as last_offer_creation_date
from v
