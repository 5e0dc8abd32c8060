-- int_global__user_beneficiary (intermediate.md): one row per beneficiary user.
with dgu as (
  -- R-2: per-user deposit aggregate
  select
    user_id,
    min(user_age_at_deposit) as user_age_at_first_deposit,
    max(user_age_at_deposit) as user_age_at_last_deposit,
    min(deposit_creation_date) as first_deposit_creation_date,
    min(deposit_amount) as first_deposit_amount,
    max(deposit_amount) as last_deposit_amount,
    max(deposit_expiration_date) as last_deposit_expiration_date,
    sum(deposit_amount) as total_deposit_amount,
    sum(total_non_cancelled_individual_bookings) as total_non_cancelled_individual_bookings,
    sum(total_non_cancelled_duo_bookings) as total_non_cancelled_duo_bookings,
    sum(total_free_bookings) as total_free_bookings,
    sum(total_actual_amount_spent) as total_actual_amount_spent,
    sum(total_theoretical_amount_spent) as total_theoretical_amount_spent,
    sum(total_theoretical_physical_goods_amount_spent) as total_theoretical_physical_goods_amount_spent,
    sum(total_theoretical_digital_goods_amount_spent) as total_theoretical_digital_goods_amount_spent,
    sum(total_theoretical_outings_amount_spent) as total_theoretical_outings_amount_spent,
    sum(total_diversity_score) as total_diversity_score,
    sum(total_recredit) as total_recredit,
    sum(total_recredit_amount) as total_recredit_amount,
    min(first_individual_booking_date) as first_individual_booking_date,
    max(last_individual_booking_date) as last_individual_booking_date,
    sum(total_subcategory_booked) filter (where deposit_type = 'GRANT_18') as total_grant_18_subcategory_booked,
    sum(total_subcategory_booked) filter (where deposit_type = 'GRANT_15_17') as total_grant_15_17_subcategory_booked,
    max(first_booking_type) as first_booking_type,
    max(first_paid_booking_type) as first_paid_booking_type,
    min(first_paid_booking_date) as first_paid_booking_date,
    sum(total_actual_amount_spent) filter (where deposit_rank_desc = 1) as total_deposit_actual_amount_spent,
    sum(total_theoretical_amount_spent_in_digital_goods) filter (where deposit_rank_desc = 1) as total_last_deposit_digital_goods_amount_spent,
    sum(total_theoretical_amount_spent) filter (where deposit_rank_desc = 1) as total_last_deposit_theoretical_amount_spent,
    max(last_recredit_date) as last_recredit_date,
    max(deposit_type) filter (where deposit_rank_asc = 1) as first_deposit_type,
    max(deposit_type) filter (where deposit_rank_desc = 1) as current_deposit_type,
    max(deposit_reform_category) filter (where deposit_rank_asc = 1) as user_first_deposit_reform_category,
    max(deposit_reform_category) filter (where deposit_rank_desc = 1) as user_current_deposit_reform_category
  from {{ ref('int_global__deposit') }}
  group by user_id
),
ah as (
  select user_id, action_history_reason
  from {{ ref('int_applicative__action_history') }}
  where action_history_rk = 1
),
j as (
  select
    u.*,
    g.user_postal_code as g_postal_code,
    g.user_department_code as g_department_code,
    g.user_department_name as g_department_name,
    g.user_region_name as g_region_name,
    g.user_academy_name as g_academy_name,
    ah.action_history_reason,
    dgu.* exclude (user_id)
  from {{ ref('int_applicative__user') }} u
  left join ah on u.user_id = ah.user_id
  left join {{ ref('int_geo__user_location') }} g on u.user_id = g.user_id
  left join dgu on u.user_id = dgu.user_id
  -- R-1
  where u.user_role in ('BENEFICIARY', 'UNDERAGE_BENEFICIARY', 'FREE_BENEFICIARY')
)
select
  user_id,
  -- R-4
  coalesce(g_department_code, '-1') as user_department_code,
  coalesce(g_department_name, 'non localisé') as user_department_name,
  coalesce(g_postal_code, '-1') as user_postal_code,
  user_activity,
  user_civility,
  user_school_type,
  user_is_active,
  user_age,
  user_birth_date,
  user_age_at_creation,
  user_has_enabled_marketing_email,
  user_has_enabled_marketing_push,
  -- R-5
  coalesce(user_activity = 'Chômeur, En recherche d''emploi', false) as user_is_unemployed,
  -- R-6
  coalesce(user_activity in ('Collégien', 'Etudiant', 'Lycéen', 'Apprenti', 'Alternant'), false) as user_is_in_education,
  coalesce(g_region_name, 'non localisé') as user_region_name,
  coalesce(g_academy_name, 'non localisé') as user_academy_name,
  user_humanized_id,
  user_subscribed_themes,
  is_theme_subscribed,
  first_deposit_creation_date,
  first_deposit_type,
  cast(total_deposit_amount as decimal(18, 2)) as total_deposit_amount,
  current_deposit_type,
  user_first_deposit_reform_category,
  user_current_deposit_reform_category,
  first_individual_booking_date,
  -- R-3: 0 for users without deposits
  cast(coalesce(total_non_cancelled_individual_bookings, 0) as bigint) as total_non_cancelled_individual_bookings,
  cast(coalesce(total_non_cancelled_duo_bookings, 0) as bigint) as total_non_cancelled_duo_bookings,
  cast(coalesce(total_free_bookings, 0) as bigint) as total_free_bookings,
  cast(total_actual_amount_spent as decimal(18, 2)) as total_actual_amount_spent,
  cast(total_theoretical_amount_spent as decimal(18, 2)) as total_theoretical_amount_spent,
  cast(total_theoretical_digital_goods_amount_spent as decimal(18, 2)) as total_theoretical_digital_goods_amount_spent,
  cast(total_theoretical_physical_goods_amount_spent as decimal(18, 2)) as total_theoretical_physical_goods_amount_spent,
  cast(total_theoretical_outings_amount_spent as decimal(18, 2)) as total_theoretical_outings_amount_spent,
  cast(total_last_deposit_digital_goods_amount_spent as decimal(18, 2)) as total_last_deposit_digital_goods_amount_spent,
  cast(total_last_deposit_theoretical_amount_spent as decimal(18, 2)) as total_last_deposit_theoretical_amount_spent,
  cast(total_deposit_actual_amount_spent as decimal(18, 2)) as total_deposit_actual_amount_spent,
  cast(total_diversity_score as bigint) as total_diversity_score,
  last_deposit_amount,
  -- R-9
  cast(last_deposit_amount - total_last_deposit_theoretical_amount_spent as decimal(18, 2)) as total_theoretical_remaining_credit,
  user_creation_date,
  -- R-8
  last_individual_booking_date as last_booking_date,
  -- R-10 (K-3)
  {{ days_between('first_deposit_creation_date', 'first_individual_booking_date') }} as days_between_activation_date_and_first_booking_date,
  {{ days_between('first_deposit_creation_date', 'first_individual_booking_date') }} as days_between_activation_date_and_first_booking_paid,
  first_deposit_creation_date as user_activation_date,
  user_age_at_first_deposit,
  user_age_at_last_deposit,
  first_booking_type,
  first_paid_booking_type,
  cast(total_grant_18_subcategory_booked as bigint) as total_grant_18_subcategory_booked,
  cast(total_grant_15_17_subcategory_booked as bigint) as total_grant_15_17_subcategory_booked,
  -- R-7
  action_history_reason as user_suspension_reason,
  first_deposit_amount,
  last_deposit_expiration_date,
  -- R-11 (expiration and as_of are both UTC wall-clock)
  coalesce(last_deposit_expiration_date >= {{ as_of() }}
           and coalesce(total_deposit_actual_amount_spent, 0) < last_deposit_amount
           and user_is_active, false) as user_is_current_beneficiary,
  last_recredit_date,
  cast(total_recredit as bigint) as total_recredit,
  cast(total_recredit_amount as decimal(18, 2)) as total_recredit_amount,
  -- R-12
  {{ days_between('first_deposit_creation_date', ds()) }} as user_seniority,
  first_paid_booking_date
from j
