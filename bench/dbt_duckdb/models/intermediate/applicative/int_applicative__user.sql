-- int_applicative__user (intermediate.md): one row per kept user.
with u as (
  select * from {{ ref('raw_applicative__user') }}
  -- R-1: beneficiary roles and the general public (NULL role)
  where user_role in ('BENEFICIARY', 'UNDERAGE_BENEFICIARY', 'FREE_BENEFICIARY') or user_role is null
),
b as (
  select
    u.*,
    -- R-5: birth date, first match; floor 2000-04-30, ceil ds − 15 years (C-7)
    case
      when user_validated_birth_date is not null
        and user_validated_birth_date >= DATE '2000-04-30'
        and user_validated_birth_date <= cast({{ ds() }} - interval 15 year as date)
        and user_role is not null then user_validated_birth_date
      when user_birth_date >= DATE '2000-04-30'
        and user_birth_date <= cast({{ ds() }} - interval 15 year as date)
        and user_role is not null then user_birth_date
      when user_role is null then user_birth_date
      else null
    end as birth
  from u
)
select
  user_id,
  user_creation_date,
  {{ humanize_id('user_id') }} as user_humanized_id,
  user_has_enabled_marketing_email,
  -- R-3
  case user_activity
    when 'Alternant' then 'Alternant'
    when 'Apprenti' then 'Apprenti'
    when 'Volontaire' then 'Volontaire en service civique rémunéré'
    when 'Inactif' then 'Inactif (ni en emploi ni au chômage), En incapacité de travailler'
    when 'Étudiant' then 'Etudiant'
    when 'Chômeur' then 'Chômeur, En recherche d''emploi'
    when 'En recherche d''emploi ou chômeur' then 'Chômeur, En recherche d''emploi'
    when 'Demandeur d''emploi' then 'Chômeur, En recherche d''emploi'
    when 'Apprenti, Alternant, Volontaire en service civique rémunéré' then null
    else user_activity
  end as user_activity,
  -- R-4
  case when user_civility in ('M', 'M.') then 'M.' when user_civility = 'Mme' then 'Mme.' else user_civility end as user_civility,
  birth as user_birth_date,
  {{ exact_age(ds(), 'birth') }} as user_age,
  {{ exact_age('user_creation_date', 'birth') }} as user_age_at_creation,
  user_school_type,
  user_is_active,
  user_role,
  user_is_email_validated,
  user_phone_validation_status,
  user_has_validated_email,
  user_has_enabled_marketing_push,
  user_subscribed_themes,
  -- R-8
  user_subscribed_themes is not null as is_theme_subscribed
from b
