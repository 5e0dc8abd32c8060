-- int_applicative__action_history (intermediate.md): suspension-related actions.
select
  action_history_id,
  action_type,
  action_date,
  user_id,
  -- R-2
  {{ json_scalar('action_history_json_data', 'reason') }} as action_history_reason,
  -- R-3: per user (NULL users form one partition, C-20), id as an integer, descending
  row_number() over (partition by user_id order by cast(action_history_id as bigint) desc nulls last) as action_history_rk
from {{ ref('raw_applicative__action_history') }}
-- R-1
where action_type in ('USER_SUSPENDED', 'USER_UNSUSPENDED')
