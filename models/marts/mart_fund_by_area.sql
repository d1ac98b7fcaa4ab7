-- 资金支出率 vs 序时进度 per area, month and fund category ('全部' = all categories).
with projects as (
    select f.*, c.fund_category_value
    from marts.mart_fund_disbursement f
    cross join lateral (values (f.fund_category), ('全部')) as c(fund_category_value)
),

final as (
    select
        p.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        p.fund_category_value as fund_category,
        count(*) as projects,
        sum(p.allocated_amount) as allocated_amount,
        sum(p.paid_amount) as paid_amount,
        sum(p.allocated_amount) / 10000 as allocated_wan,
        sum(p.paid_amount) / 10000 as paid_wan,
        sum(p.paid_amount) / nullif(sum(p.allocated_amount), 0) as disbursement_rate,
        max(p.schedule_by_month) as schedule_by_month,
        max(p.schedule_by_day) as schedule_by_day,
        (sum(p.paid_amount) / nullif(sum(p.allocated_amount), 0) - max(p.schedule_by_month)) * 100 as gap_pp_by_month,
        (sum(p.paid_amount) / nullif(sum(p.allocated_amount), 0) - max(p.schedule_by_day)) * 100 as gap_pp_by_day,
        count(*) filter (where p.gap_pp_by_month < 0) as projects_behind_schedule
    from projects p
    join intermediate.int_fund_areas a on a.booked_code = p.village_code
    group by all
)

select * from final
