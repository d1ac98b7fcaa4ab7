-- Alkire-Foster multidimensional poverty per area per month over five indicators (义务教育, 基本医疗,
-- 住房安全, 饮水安全, income below the line), weights and cutoff k from meta.parameters.
-- Counted over people (each household weighted by 家庭人口数):
--   H = multidimensionally poor people ÷ people; A = average deprivation share among the poor;
--   M0 = H × A; contribution_i = w_i × censored headcount_i ÷ M0.
with p as (select * from intermediate.int_parameters),

deprivations as (
    select
        h.snapshot_month,
        h.village_code,
        h.family_size,
        g.gap_education::integer as d_education,
        g.gap_medical::integer as d_medical,
        g.gap_housing::integer as d_housing,
        g.gap_water::integer as d_water,
        coalesce(h.below_line, false)::integer as d_income
    from intermediate.int_household_months h
    join intermediate.int_household_gaps g using (household_id, snapshot_month)
),

scored as (
    select
        d.*,
        p.af_weight_education * d_education + p.af_weight_medical * d_medical + p.af_weight_housing * d_housing
            + p.af_weight_water * d_water + p.af_weight_income * d_income as deprivation_score,
        p.af_poverty_cutoff,
        p.af_weight_education, p.af_weight_medical, p.af_weight_housing, p.af_weight_water, p.af_weight_income
    from deprivations d
    cross join p
),

censored as (
    select *, deprivation_score >= af_poverty_cutoff as is_poor from scored
),

by_area as (
    select
        c.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        sum(c.family_size) as people,
        coalesce(sum(c.family_size) filter (where c.is_poor), 0) as poor_people,
        sum(c.family_size * c.deprivation_score) filter (where c.is_poor) as poor_deprivation_sum,
        coalesce(sum(c.family_size * c.d_education) filter (where c.is_poor), 0) as censored_education,
        coalesce(sum(c.family_size * c.d_medical) filter (where c.is_poor), 0) as censored_medical,
        coalesce(sum(c.family_size * c.d_housing) filter (where c.is_poor), 0) as censored_housing,
        coalesce(sum(c.family_size * c.d_water) filter (where c.is_poor), 0) as censored_water,
        coalesce(sum(c.family_size * c.d_income) filter (where c.is_poor), 0) as censored_income,
        any_value(c.af_poverty_cutoff) as cutoff_k,
        any_value(c.af_weight_education) as w_education, any_value(c.af_weight_medical) as w_medical,
        any_value(c.af_weight_housing) as w_housing, any_value(c.af_weight_water) as w_water, any_value(c.af_weight_income) as w_income
    from censored c
    join intermediate.int_village_areas a using (village_code)
    group by all
),

final as (
    select
        snapshot_month,
        area_code,
        area_level,
        area_name,
        cutoff_k,
        people,
        poor_people,
        poor_people / people as headcount_ratio_h,
        poor_deprivation_sum / nullif(poor_people, 0) as intensity_a,
        coalesce(poor_deprivation_sum / people, 0) as m0,
        w_education * censored_education / nullif(poor_deprivation_sum, 0) as contribution_education,
        w_medical * censored_medical / nullif(poor_deprivation_sum, 0) as contribution_medical,
        w_housing * censored_housing / nullif(poor_deprivation_sum, 0) as contribution_housing,
        w_water * censored_water / nullif(poor_deprivation_sum, 0) as contribution_water,
        w_income * censored_income / nullif(poor_deprivation_sum, 0) as contribution_income
    from by_area
)

select * from final
