-- 风险消除 compliance per area and month: households marked 风险消除, and how many break each rule
-- of mart_elimination_compliance (a household breaking two rules counts under both, once in 不合规).
with households as (
    select * from marts.mart_elimination_compliance
),

final as (
    select
        h.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        count(*) as eliminated_households,
        count(*) filter (where not h.is_compliant) as noncompliant_households,
        count(*) filter (where h.breaks_no_measure) as no_measure_households,
        count(*) filter (where h.breaks_income) as income_unstable_households,
        count(*) filter (where h.breaks_no_labour) as no_labour_no_dibao_households
    from households h
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final order by area_code, snapshot_month
