-- 帮扶措施 by category per area and month: measures carried out (实施中 or 已完成) and active this
-- year, the households they reach (each once per area), how many of those are 三类重点户 this month,
-- and the money. Counts only, never a household: the village page reads its own rows.
with measures as (
    select * from staging.stg_assistance_measure where is_implemented and is_active_this_year
),

keyed as (
    select m.*, k.key_type is not null as is_key_household
    from measures m
    left join intermediate.int_key_households k
        on k.snapshot_month = m.snapshot_month and k.household_key = m.household_key
),

categorised as (
    select snapshot_month, village_code, household_key, is_key_household, amount, measure_category as category from keyed
    union all
    select snapshot_month, village_code, household_key, is_key_household, amount, '全部' from keyed
),

final as (
    select
        c.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        c.category as measure_category,
        count(*) as measures,
        count(distinct c.household_key) as households,
        count(distinct c.household_key) filter (where c.is_key_household) as key_households,
        coalesce(sum(c.amount), 0) / 10000 as amount_wan
    from categorised c
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final order by area_code, snapshot_month, measure_category
