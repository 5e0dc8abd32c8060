-- int_applicative__extract_offer (intermediate.md): one row per raw offer, product values win.
with j as (
  select
    o.* exclude (offer_description, offer_extra_data, offer_ean),
    -- R-1
    coalesce(p.description, o.offer_description) as offer_description,
    coalesce(p.jsondata, o.offer_extra_data) as offer_extra_data,
    coalesce(p.ean, o.offer_ean) as offer_ean
  from {{ ref('raw_applicative__offer') }} o
  left join {{ ref('raw_applicative__product') }} p on p.id = o.offer_product_id
)
select
  j.*,
  -- R-2
  lower({{ trim_sp(json_scalar('offer_extra_data', 'musicType')) }}) as musictype,
  lower({{ trim_sp(json_scalar('offer_extra_data', 'musicSubType')) }}) as musicsubtype,
  lower({{ trim_sp(json_scalar('offer_extra_data', 'showType')) }}) as showtype,
  lower({{ trim_sp(json_scalar('offer_extra_data', 'showSubType')) }}) as showsubtype,
  -- R-3
  lower(trim({{ trim_sp(json_raw('offer_extra_data', 'isbn')) }}, '"')) as isbn
from j
