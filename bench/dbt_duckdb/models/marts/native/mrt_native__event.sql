-- mrt_native__event (tracking.md): selected events (R-1, R-2) with offer, venue, user attributes
-- (R-4) and the covering deposit (R-3). Incremental (T-2): the stored int_firebase__native_event
-- dates of W, or every date on a full refresh.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='event_date',
          on_schema_change='fail') }}
with e as (
  select *, row_number() over () AS event_row
  from {{ ref('int_firebase__native_event') }}
  where ({% if is_incremental() %}{{ in_window('event_date') }}{% else %}true{% endif %})
  and (event_name in ('ConsultOffer', 'BookingConfirmation', 'StepperDisplayed', 'ModuleDisplayedOnHomePage',
    'PlaylistHorizontalScroll', 'ConsultVenue', 'VenuePlaylistDisplayedOnSearchResults', 'ClickBookOffer',
    'ContinueCGU', 'HasAddedOfferToFavorites', 'SelectAge', 'Share', 'CategoryBlockClicked',
    'HighlightBlockClicked', 'ConsultVideo', 'HasSeenAllVideo', 'Screenshot', 'NoSearchResult', 'PerformSearch',
    'ConsultAvailableDates', 'BookOfferConfirmDates', 'ConsultVenueMap', 'TrendsBlockClicked',
    'SystemBlockDisplayed', 'ConsultHome', 'ConsultArtist')
    or (event_name = 'screen_view' and firebase_screen in ('SignupForm', 'ProfilSignUp',
      'SignupConfirmationEmailSent', 'OnboardingWelcome', 'OnboardingGeolocation', 'FirstTutorial',
      'FirstTutorial2', 'FirstTutorial3', 'FirstTutorial4', 'BeneficiaryRequestSent', 'UnderageAccountCreated',
      'BeneficiaryAccountCreated', 'HasSkippedTutorial', 'AccountCreated')))
), covering as (
  select event_row, deposit_type
  from (
    select e.event_row, d.deposit_type,
      row_number() over (partition by e.event_row order by d.deposit_creation_date desc, d.deposit_id desc) AS rn
    from e
    join {{ ref('int_applicative__deposit') }} d on d.user_id = e.user_id
    where d.deposit_creation_date <= {{ paris('e.event_timestamp') }}
      and {{ paris('e.event_timestamp') }} <= {{ paris_of_utc('d.deposit_expiration_date') }}
  ) where rn = 1
)
select
  e.event_date,
  e.event_timestamp,
  e.user_id,
  e.user_pseudo_id,
  e.origin,
  e.platform,
  e.app_version,
  e.traffic_campaign,
  e.traffic_source,
  e.traffic_medium,
  e.offer_id,
  e.session_id,
  e.unique_session_id,
  e.user_location_type,
  e.query,
  e.venue_id,
  e.booking_id,
  e.booking_cancellation_step,
  e.search_id,
  e.module_name,
  e.module_id,
  e.entry_id,
  e.artist_id,
  e.onboarding_user_selected_age,
  o.offer_name,
  o.offer_category_id,
  o.offer_subcategory_id,
  o.partner_id,
  v.venue_name,
  v.venue_type_label,
  c.deposit_type AS user_current_deposit_type,
  u.last_deposit_amount AS user_last_deposit_amount,
  u.first_deposit_type AS user_first_deposit_type,
  u.first_deposit_amount AS user_first_deposit_amount,
  CASE WHEN e.event_name = 'screen_view' THEN 'screen_view_' || e.firebase_screen ELSE e.event_name END AS event_name
from e
left join {{ ref('mrt_global__user_beneficiary') }} u on u.user_id = e.user_id
left join {{ ref('mrt_global__offer') }} o on o.offer_id = e.offer_id
left join {{ ref('mrt_global__venue') }} v on v.venue_id = coalesce(e.venue_id, o.venue_id)
left join covering c on c.event_row = e.event_row
