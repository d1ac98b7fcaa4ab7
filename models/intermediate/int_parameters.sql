-- Scalar parameters as one wide row (scope '*', any year), so models read them by name.
with p as (
    select name, value from meta.parameters where scope = '*' and year is null
),

final as (
    select
        max(value) filter (where name = 'near_line_multiplier') as near_line_multiplier,
        max(value) filter (where name = 'listing_province_registered_poor') as listing_province_registered_poor,
        max(value) filter (where name = 'listing_province_unlifted') as listing_province_unlifted,
        max(value) filter (where name = 'listing_city_registered_poor') as listing_city_registered_poor,
        max(value) filter (where name = 'listing_city_unlifted') as listing_city_unlifted,
        max(value) filter (where name = 'rank_weight_remaining_poor') as rank_weight_remaining_poor,
        max(value) filter (where name = 'rank_weight_incidence') as rank_weight_incidence,
        max(value) filter (where name = 'rank_weight_open_issues') as rank_weight_open_issues,
        max(value) filter (where name = 'rank_weight_disbursement_gap') as rank_weight_disbursement_gap,
        max(value) filter (where name = 'rank_weight_guarantee_gaps') as rank_weight_guarantee_gaps,
        max(value) filter (where name = 'cap_industry_per_household') as cap_industry_per_household,
        max(value) filter (where name = 'cap_welfare_job_per_person_year') as cap_welfare_job_per_person_year,
        max(value) filter (where name = 'cap_housing_special') as cap_housing_special,
        max(value) filter (where name = 'listed_village_special_fund') as listed_village_special_fund,
        max(value) filter (where name = 'collective_income_target') as collective_income_target,
        max(value) filter (where name = 'af_poverty_cutoff') as af_poverty_cutoff,
        max(value) filter (where name = 'af_weight_education') as af_weight_education,
        max(value) filter (where name = 'af_weight_medical') as af_weight_medical,
        max(value) filter (where name = 'af_weight_housing') as af_weight_housing,
        max(value) filter (where name = 'af_weight_water') as af_weight_water,
        max(value) filter (where name = 'af_weight_income') as af_weight_income,
        max(value) filter (where name = 'red_flag_lagging_villages') as red_flag_lagging_villages,
        max(value) filter (where name = 'red_flag_fund_gap_pp') as red_flag_fund_gap_pp,
        max(value) filter (where name = 'supervision_min_visits_per_month') as supervision_min_visits_per_month,
        max(value) filter (where name = 'supervision_issue_match_days') as supervision_issue_match_days,
        max(value) filter (where name = 'elimination_min_measures') as elimination_min_measures,
        max(value) filter (where name = 'elimination_stable_months') as elimination_stable_months,
        max(value) filter (where name = 'elimination_no_labour_requires_dibao') as elimination_no_labour_requires_dibao
    from p
)

select * from final
