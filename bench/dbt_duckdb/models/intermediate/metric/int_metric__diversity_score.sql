-- int_metric__diversity_score (intermediate.md): one row per non-cancelled booking.
select
  booking_id,
  user_id,
  deposit_id,
  booking_created_at,
  booking_creation_date,
  -- R-1
  cast(sum(diversity_score) as bigint) as diversity_score
from {{ ref('int_metric__diversity_daily_booking') }}
group by booking_id, user_id, deposit_id, booking_created_at, booking_creation_date
