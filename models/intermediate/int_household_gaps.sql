-- The 两不愁三保障 + 饮水 gap flags of every household in every month, and the same flags last month.
-- One definition, read by mart_guarantee_gaps, mart_village_ranking and mart_multidimensional_poverty:
-- a 住房安全 gap is a failed housing check or a C/D-grade 危房, this month and last month alike
-- (last month's 危房 term was once left out, so a house repaired this month was never counted as resolved).
with flags as (
    select
        household_id,
        snapshot_month,
        village_code,
        family_size,
        not coalesce(food_clothing_ok, true) as gap_food_clothing,
        not coalesce(education_ok, true) as gap_education,
        not coalesce(medical_ok, true) as gap_medical,
        not coalesce(housing_ok, true) or coalesce(is_dangerous_house, false) as gap_housing,
        not coalesce(water_ok, true) as gap_water
    from intermediate.int_household_months
),

with_previous as (
    select
        f.*,
        lag(f.snapshot_month) over w as prev_month,
        lag(f.gap_food_clothing) over w as had_gap_food_clothing,
        lag(f.gap_education) over w as had_gap_education,
        lag(f.gap_medical) over w as had_gap_medical,
        lag(f.gap_housing) over w as had_gap_housing,
        lag(f.gap_water) over w as had_gap_water
    from flags f
    window w as (partition by f.household_id order by f.snapshot_month)
),

final as (
    select
        *,
        -- any of the 三保障 + 饮水 gaps (the ranking's 保障缺口户; 两不愁 is not part of it)
        gap_education or gap_medical or gap_housing or gap_water as gap_any_guarantee
    from with_previous
)

select * from final
