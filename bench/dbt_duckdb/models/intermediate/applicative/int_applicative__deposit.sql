-- int_applicative__deposit (intermediate.md): one row per raw deposit.
with r as (
  -- R-1: recredit aggregate per deposit
  select
    deposit_id,
    max(cast(recredit_creation_date as date)) as last_recredit_date,
    count(distinct recredit_id) as total_recredit,
    cast(sum(recredit_amount) as decimal(18, 2)) as total_recredit_amount,
    cast(sum(case when recredit_type = 'PREVIOUS_DEPOSIT' then recredit_amount else 0 end) as decimal(18, 2)) as prev_amount
  from {{ ref('raw_applicative__recredit') }}
  group by deposit_id
),
u as (select user_id, user_birth_date from {{ ref('int_applicative__user') }})
select
  d.id as deposit_id,
  -- R-2: from the user side
  u.user_id,
  u.user_birth_date,
  d.source,
  d.datecreated as deposit_creation_date,
  d.dateupdated as deposit_update_date,
  d.expirationdate as deposit_expiration_date,
  d.type as deposit_type,
  r.last_recredit_date,
  cast(r.total_recredit as bigint) as total_recredit,
  r.total_recredit_amount,
  -- R-3
  {{ exact_age('d.datecreated', 'u.user_birth_date') }} as user_age_at_deposit,
  -- R-4
  cast(case
    when d.type = 'GRANT_15_17' and d.amount > 80 then 80.00
    when d.type = 'GRANT_18' and d.amount < 300 then 300.00
    when d.type = 'GRANT_18' and d.amount > 500 then 500.00
    else d.amount - coalesce(r.prev_amount, 0)
  end as decimal(18, 2)) as deposit_amount,
  -- R-5
  case
    when {{ contains_ci('d.source', 'educonnect') }} then 'EDUCONNECT'
    when {{ contains_ci('d.source', 'ubble') }} then 'UBBLE'
    when {{ contains_ci('d.source', 'dms') }} or {{ contains_ci('d.source', 'démarches simplifiées') }} then 'DMS'
    else d.source
  end as deposit_source,
  -- R-6: partition by the raw owner
  row_number() over (partition by d.userid order by d.datecreated asc nulls first, d.id asc nulls first) as deposit_rank_asc,
  row_number() over (partition by d.userid order by d.datecreated desc nulls last, d.id desc nulls last) as deposit_rank_desc,
  -- R-7: from the raw amount
  case
    when d.type = 'GRANT_15_17' then '15_17_pre_reform'
    when d.type = 'GRANT_18' and d.amount <= 300 then '18_pre_reform'
    when d.type = 'GRANT_18' and d.amount > 300 then '18_experiment_phase'
    when d.type = 'GRANT_17_18' and d.amount < 150 then '17_post_reform'
    when d.type = 'GRANT_17_18' and d.amount >= 150 then '18_post_reform'
    when d.type = 'GRANT_FREE' and d.amount = 0 then '15_16_post_reform'
    else null
  end as deposit_reform_category
from {{ ref('raw_applicative__deposit') }} d
left join u on d.userid = u.user_id
left join r on d.id = r.deposit_id
