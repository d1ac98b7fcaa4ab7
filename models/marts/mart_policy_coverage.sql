-- Policy coverage per area per month, for the 督战 items beyond the 三保障: 兜底保障 (低保, 特困),
-- 易地搬迁, 就业 (公益岗位), 金融 (小额信贷 and its overdue loans), counted in households.
with by_village as (
    select
        snapshot_month,
        village_code,
        count(*) filter (where is_registered_poor) as registered_households,
        count(*) filter (where dibao) as dibao_households,
        count(*) filter (where tekun) as tekun_households,
        count(*) filter (where relocated) as relocated_households,
        count(*) filter (where welfare_job) as welfare_job_households,
        count(*) filter (where no_labor and is_registered_poor) as no_labor_registered_households,
        count(*) filter (where microcredit_amount > 0) as microcredit_households,
        coalesce(sum(microcredit_amount), 0) as microcredit_amount,
        count(*) filter (where microcredit_overdue) as microcredit_overdue_households
    from staging.stg_household
    group by all
),

final as (
    select
        v.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        sum(registered_households) as registered_households,
        sum(dibao_households) as dibao_households,
        sum(tekun_households) as tekun_households,
        sum(relocated_households) as relocated_households,
        sum(welfare_job_households) as welfare_job_households,
        sum(no_labor_registered_households) as no_labor_registered_households,
        sum(microcredit_households) as microcredit_households,
        sum(microcredit_amount) / 10000 as microcredit_wan,
        sum(microcredit_overdue_households) as microcredit_overdue_households
    from by_village v
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final
