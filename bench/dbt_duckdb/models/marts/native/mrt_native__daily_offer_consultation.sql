-- mrt_native__daily_offer_consultation (tracking.md): consultations per day, offer, origin and
-- user profile (R-1…R-4); NULL groups with NULL (C-20). Incremental (T-2): the stored
-- int_firebase__native_event dates of W, or every date on a full refresh.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='event_date',
          on_schema_change='fail') }}
with fe as (
  select
    fe.event_date,
    o.offerer_id, o.offerer_name, o.venue_id, o.venue_name, o.offer_id, o.offer_name,
    fe.event_name, fe.traffic_medium, fe.traffic_campaign, fe.origin,
    CASE
      WHEN fe.user_id IS NOT NULL
        AND u.first_deposit_creation_date <= {{ paris('fe.event_timestamp') }}
        AND {{ paris('fe.event_timestamp') }} <= {{ paris_of_utc('u.last_deposit_expiration_date') }} THEN 'Bénéficiaire'
      WHEN fe.user_id IS NOT NULL
        AND {{ paris('fe.event_timestamp') }} > {{ paris_of_utc('u.last_deposit_expiration_date') }} THEN 'Ancien bénéficiaire'
      WHEN fe.user_id IS NOT NULL THEN 'Non bénéficiaire'
      ELSE 'Non loggué'
    END AS user_role,
    {{ exact_age('fe.event_date', 'u.user_birth_date') }} AS user_age
  from {{ ref('int_firebase__native_event') }} fe
  join {{ ref('mrt_global__offer') }} o on o.offer_id = fe.offer_id
  left join {{ ref('mrt_global__user_beneficiary') }} u on u.user_id = fe.user_id
  where fe.event_name in ('ConsultOffer', 'ConsultWholeOffer', 'ConsultDescriptionDetails')
  {%- if is_incremental() %}
    and {{ in_window('fe.event_date') }}
  {%- endif %}
)
select
  event_date, offerer_id, offerer_name, venue_id, venue_name, offer_id, offer_name, event_name,
  traffic_medium, traffic_campaign, origin, user_role, user_age,
  CAST(count(*) AS BIGINT) AS cnt_events
from fe
group by all
