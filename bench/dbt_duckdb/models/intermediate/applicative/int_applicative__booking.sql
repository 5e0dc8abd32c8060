-- int_applicative__booking (intermediate.md): one row per raw booking.
select
  b.booking_id,
  b.stock_id,
  b.user_id,
  b.booking_quantity,
  b.booking_amount,
  b.booking_status,
  b.booking_is_cancelled,
  b.booking_is_used,
  b.reimbursed,
  b.booking_used_date,
  b.booking_cancellation_date,
  b.booking_cancellation_reason,
  b.deposit_id,
  b.offerer_id,
  b.venue_id,
  b.price_category_label,
  b.booking_used_recredit_type,
  b.booking_reimbursement_date,
  -- R-1
  b.booking_creation_date as booking_created_at,
  cast(b.booking_creation_date as date) as booking_creation_date,
  -- R-2
  d.deposit_type,
  d.deposit_reform_category,
  -- R-3
  {{ exact_age('b.booking_creation_date', 'd.user_birth_date') }} as user_age_at_booking,
  -- R-4
  cast(coalesce(b.booking_amount, 0) * coalesce(b.booking_quantity, 0) as decimal(18, 2)) as booking_intermediary_amount,
  -- R-5: RANK over all raw bookings of the user
  rank() over (partition by b.user_id order by b.booking_creation_date asc nulls first) as booking_rank
from {{ ref('raw_applicative__booking') }} b
left join {{ ref('int_applicative__deposit') }} d on b.deposit_id = d.deposit_id
