-- int_applicative__offer_ean (intermediate.md): cleaned EAN and ISBN per offer.
with c as (
  select
    offer_id,
    -- R-1
    {{ ean_clean('offer_ean') }} as clean_ean,
    {{ ean_clean('isbn') }} as clean_isbn
  from {{ ref('int_applicative__extract_offer') }}
)
select
  offer_id,
  -- R-2/R-3
  case when {{ ean_valid('clean_ean') }} then clean_ean end as ean,
  -- R-4
  case
    when length(clean_ean) = 13 then (case when {{ ean_valid('clean_ean') }} then clean_ean end)
    when {{ ean_valid('clean_isbn') }} then clean_isbn
  end as isbn
from c
