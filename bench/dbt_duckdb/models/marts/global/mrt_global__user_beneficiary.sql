-- mrt_global__user_beneficiary (marts.md): active beneficiaries whose current deposit is not GRANT_FREE.
select
  user_id, user_department_code, user_department_name, user_postal_code, user_activity, user_civility,
  user_school_type, user_is_active, user_age, user_birth_date, user_age_at_creation,
  user_has_enabled_marketing_email, user_has_enabled_marketing_push, user_is_unemployed,
  user_is_in_education, user_region_name, user_academy_name, user_humanized_id,
  -- R-2: the only rename
  user_subscribed_themes as currently_subscribed_themes,
  is_theme_subscribed, first_deposit_creation_date, first_deposit_type, total_deposit_amount,
  current_deposit_type, user_first_deposit_reform_category, user_current_deposit_reform_category,
  first_individual_booking_date, total_non_cancelled_individual_bookings, total_non_cancelled_duo_bookings,
  total_free_bookings, total_actual_amount_spent, total_theoretical_amount_spent,
  total_theoretical_digital_goods_amount_spent, total_theoretical_physical_goods_amount_spent,
  total_theoretical_outings_amount_spent, total_last_deposit_digital_goods_amount_spent,
  total_last_deposit_theoretical_amount_spent, total_deposit_actual_amount_spent, total_diversity_score,
  last_deposit_amount, total_theoretical_remaining_credit, user_creation_date, last_booking_date,
  days_between_activation_date_and_first_booking_date, days_between_activation_date_and_first_booking_paid,
  user_activation_date, user_age_at_first_deposit, user_age_at_last_deposit, first_booking_type,
  first_paid_booking_type, total_grant_18_subcategory_booked, total_grant_15_17_subcategory_booked,
  user_suspension_reason, first_deposit_amount, last_deposit_expiration_date, user_is_current_beneficiary,
  last_recredit_date, total_recredit, total_recredit_amount, user_seniority
from {{ ref('int_global__user_beneficiary') }}
-- R-1 (three-valued: NULL drops the row)
where (user_is_active or user_suspension_reason = 'upon user request')
  and current_deposit_type <> 'GRANT_FREE'
