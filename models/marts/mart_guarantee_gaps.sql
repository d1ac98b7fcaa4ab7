-- 两不愁三保障 + 饮水 gaps per area per month and indicator: households (and people) with the gap,
-- gaps resolved this month (gap last month, none now) and new gaps. The flags are defined once, in
-- int_household_gaps.
with household_gaps as (
    select snapshot_month, village_code, family_size, prev_month, indicator, has_gap, had_gap
    from intermediate.int_household_gaps
    cross join lateral (
        values
            ('两不愁', gap_food_clothing, had_gap_food_clothing),
            ('义务教育', gap_education, had_gap_education),
            ('基本医疗', gap_medical, had_gap_medical),
            ('住房安全', gap_housing, had_gap_housing),
            ('饮水安全', gap_water, had_gap_water)
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
