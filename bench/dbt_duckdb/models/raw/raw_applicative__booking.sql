-- sources.md §2.4: typed booking extract + the three derived status flags (L-10); a
-- same-named input column is ignored (only the listed columns are read).
with src as (
{{ read_source('applicative', 'booking', ['booking_id:str', 'booking_creation_date:dt', 'stock_id:str', 'booking_quantity:i64', 'user_id:str', 'booking_amount:dec2', 'booking_status:str', 'booking_used_date:dt', 'booking_cancellation_date:dt', 'booking_cancellation_reason:str', 'deposit_id:str', 'offerer_id:str', 'venue_id:str', 'price_category_label:str', 'booking_reimbursement_date:dt', 'booking_used_recredit_type:str']) }}
)
select
  src.*,
  booking_status = 'CANCELLED' as booking_is_cancelled,
  booking_status in ('USED', 'PENDING_REIMBURSEMENT', 'REIMBURSED') as booking_is_used,
  booking_status = 'REIMBURSED' as reimbursed
from src
