-- Measure coverage (一户一策, seeds 000 and 001): of the 三类重点户 (int_key_households), how many
-- have at least one measure carried out (实施中 or 已完成) and active at some time this year, per
-- area, month and kind of key household (合计 counts each household once). Only months with a
-- 帮扶措施 ledger have rows.
with key_households as (
    select * from intermediate.int_key_households where key_type is not null
),

measure_months as (
    select distinct snapshot_month from staging.stg_assistance_measure
),

helped as (
    select snapshot_month, household_key, count(*) as measures
    from staging.stg_assistance_measure
    where is_implemented and is_active_this_year
    group by all
),

households as (
    select k.snapshot_month, k.village_code, k.key_type, h.measures is not null as has_measure
    from key_households k
    join measure_months using (snapshot_month)
    left join helped h on h.snapshot_month = k.snapshot_month and h.household_key = k.household_key
),

typed as (
    select snapshot_month, village_code, key_type as key_type_value, has_measure from households
    union all
    select snapshot_month, village_code, '合计', has_measure from households
),

final as (
    select
        t.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        t.key_type_value as key_type,
        count(*) as key_households,
        count(*) filter (where t.has_measure) as key_households_with_measure,
        count(*) filter (where not t.has_measure) as key_households_without_measure,
        count(*) filter (where t.has_measure) / count(*) as measure_coverage_rate
    from typed t
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final order by area_code, snapshot_month, key_type
