-- int_applicative__stock (intermediate.md): one row per raw stock (soft-deleted included).
with ba as (
  -- R-1: booking aggregate per stock; conditional aggregates over no matching row are NULL (C-18)
  select
    stock_id,
    sum(booking_quantity) as total_bookings,
    sum(booking_quantity) filter (where not booking_is_cancelled) as total_non_cancelled_bookings,
    sum(booking_quantity) filter (where booking_is_cancelled) as total_cancelled_bookings,
    sum(booking_quantity) filter (where booking_status in ('REIMBURSED', 'PENDING_REIMBURSEMENT')) as total_paid_bookings,
    count(booking_id) as total_individual_bookings,
    count(booking_id) filter (where booking_is_cancelled) as total_cancelled_individual_bookings,
    count(booking_id) filter (where not booking_is_cancelled) as total_non_cancelled_individual_bookings,
    count(booking_id) filter (where booking_is_used) as total_used_individual_bookings,
    sum(booking_intermediary_amount) filter (where not booking_is_cancelled) as total_individual_theoretic_revenue,
    sum(booking_intermediary_amount) filter (where booking_is_used) as total_individual_real_revenue,
    sum(booking_intermediary_amount) filter (where booking_is_used and year(booking_creation_date) = year({{ ds() }})) as total_individual_current_year_real_revenue,
    min(booking_creation_date) as first_individual_booking_date,
    max(booking_creation_date) as last_individual_booking_date,
    count(booking_id) filter (where booking_rank = 1) as total_first_bookings
  from {{ ref('int_applicative__booking') }}
  group by stock_id
),
s as (
  select
    s.*,
    -- R-2
    coalesce(s.stock_price, pc.price) as price,
    pc.price_category_label,
    ba.* exclude (stock_id),
    -- R-3
    case when s.stock_quantity is null then null
         else greatest(s.stock_quantity - coalesce(ba.total_non_cancelled_bookings, 0), 0) end as available
  from {{ ref('raw_applicative__stock') }} s
  left join ba on s.stock_id = ba.stock_id
  left join {{ ref('raw_applicative__price_category') }} pc on s.price_category_id = pc.price_category_id
)
select
  stock_id,
  offer_id,
  price_category_id,
  stock_features,
  stock_last_provider_id,
  {{ humanize_id('stock_id') }} as stock_humanized_id,
  cast(price as decimal(18, 2)) as stock_price,
  stock_quantity,
  stock_booking_limit_date,
  stock_creation_date,
  stock_beginning_date,
  stock_is_soft_deleted,
  price_category_label,
  cast(total_bookings as bigint) as total_bookings,
  cast(total_non_cancelled_bookings as bigint) as total_non_cancelled_bookings,
  cast(total_cancelled_bookings as bigint) as total_cancelled_bookings,
  cast(total_paid_bookings as bigint) as total_paid_bookings,
  cast(total_individual_bookings as bigint) as total_individual_bookings,
  cast(total_cancelled_individual_bookings as bigint) as total_cancelled_individual_bookings,
  cast(total_non_cancelled_individual_bookings as bigint) as total_non_cancelled_individual_bookings,
  cast(total_used_individual_bookings as bigint) as total_used_individual_bookings,
  cast(total_individual_theoretic_revenue as decimal(18, 2)) as total_individual_theoretic_revenue,
  cast(total_individual_real_revenue as decimal(18, 2)) as total_individual_real_revenue,
  cast(total_individual_current_year_real_revenue as decimal(18, 2)) as total_individual_current_year_real_revenue,
  first_individual_booking_date,
  last_individual_booking_date,
  cast(total_first_bookings as bigint) as total_first_bookings,
  cast(available as bigint) as total_available_stock,
  -- R-4: never NULL
  coalesce(
    (stock_booking_limit_date is null or cast(stock_booking_limit_date as date) >= {{ ds() }})
    and (stock_beginning_date is null or cast(stock_beginning_date as date) >= {{ ds() }})
    and (stock_quantity is null or available > 0)
    and stock_is_soft_deleted = false,
    false) as is_bookable,
  -- R-5
  rank() over (partition by offer_id order by stock_creation_date desc nulls last, stock_id desc nulls last) as stock_rk
from s
