-- materialized: view
-- One row per household per month. Names, ID numbers, phones and helpers stay in raw;
-- household_key is a salted hash of 户编号 for everything downstream.
with source as (
    select * from raw.household
),

final as (
    select
        s.snapshot_month,
        s.household_id,
        meta.household_key(s.household_id) as household_key,
        s.village_code,
        s.family_size,
        s.labor_count,
        coalesce(s.labor_count, 0) = 0 as no_labor,
        s.household_type,
        s.household_type in ('脱贫户', '未脱贫户') as is_registered_poor,
        s.household_type = '未脱贫户' as is_unlifted,
        s.monitor_type,
        coalesce(s.risk_eliminated, false) as risk_eliminated,
        s.monitor_type is not null and not coalesce(s.risk_eliminated, false) as is_monitored_at_risk,
        s.identified_date,
        s.eliminated_date,
        s.poverty_cause,
        s.wage_income,
        s.business_income,
        s.transfer_income,
        s.property_income,
        s.business_cost,
        coalesce(s.wage_income, 0) + coalesce(s.business_income, 0)
            + coalesce(s.transfer_income, 0) + coalesce(s.property_income, 0) as gross_income,
        (coalesce(s.wage_income, 0) + coalesce(s.business_income, 0) + coalesce(s.transfer_income, 0)
            + coalesce(s.property_income, 0) - coalesce(s.business_cost, 0)) / s.family_size as net_income_per_capita,
        s.net_income_per_capita as reported_net_income_per_capita,
        s.food_clothing_ok,
        s.education_ok,
        s.medical_ok,
        s.housing_grade,
        s.housing_grade in ('C', 'D') as is_dangerous_house,
        s.housing_ok,
        s.water_ok,
        coalesce(s.dibao, false) as dibao,
        coalesce(s.tekun, false) as tekun,
        coalesce(s.relocated, false) as relocated,
        coalesce(s.welfare_job, false) as welfare_job,
        s.microcredit_amount,
        s.microcredit_due_date,
        coalesce(s.microcredit_overdue, false) as microcredit_overdue,
        s.helper_name is not null as has_helper,
        s._load_id as load_id
    from source s
)

select * from final
