-- 两不愁三保障 + 饮水 gaps per area per month and indicator: households (and people) with the gap,
-- gaps resolved this month (gap last month, none now) and new gaps.
with household_gaps as (
    select snapshot_month, village_code, family_size, prev_month, indicator, has_gap, had_gap
    from intermediate.int_household_months
    cross join lateral (
        values
            ('两不愁', not coalesce(food_clothing_ok, true), not coalesce(prev_food_clothing_ok, true)),
            ('义务教育', not coalesce(education_ok, true), not coalesce(prev_education_ok, true)),
            ('基本医疗', not coalesce(medical_ok, true), not coalesce(prev_medical_ok, true)),
            ('住房安全', not coalesce(housing_ok, true) or is_dangerous_house, not coalesce(prev_housing_ok, true)),
            ('饮水安全', not coalesce(water_ok, true), not coalesce(prev_water_ok, true))
    ) as g(indicator, has_gap, had_gap)
),

final as (
    select
        g.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        g.indicator,
        count(*) filter (where g.has_gap) as gap_households,
        coalesce(sum(g.family_size) filter (where g.has_gap), 0) as gap_people,
        count(*) filter (where g.had_gap and not g.has_gap and g.prev_month is not null) as resolved_households,
        count(*) filter (where g.has_gap and not g.had_gap and g.prev_month is not null) as new_gap_households,
        count(*) as households
    from household_gaps g
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final
