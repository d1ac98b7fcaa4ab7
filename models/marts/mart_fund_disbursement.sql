-- 资金支出率 = 已支出 ÷ 已下达 per project and month, against 序时进度 both by month
-- (months elapsed ÷ 12; end of April = 33.3%) and by day (days elapsed ÷ days in the year);
-- the gap is in percentage points (positive = ahead).
with allocated as (
    select snapshot_month, project_id, any_value(project_name) as project_name, any_value(fund_category) as fund_category,
        any_value(village_code) as village_code, sum(amount) as allocated_amount, min(allocated_date) as first_allocated_date
    from staging.stg_fund_allocation
    group by all
),

paid as (
    select snapshot_month, project_id, sum(amount) as paid_amount, count(*) as payments, max(paid_date) as last_paid_date
    from staging.stg_fund_payment
    group by all
),

final as (
    select
        a.snapshot_month,
        a.project_id,
        a.project_name,
        a.fund_category,
        a.village_code,
        -- A county-level project has no town; a town-level one has no village.
        case when length(a.village_code) >= 9 then left(a.village_code, 9) end as town_code,
        left(a.village_code, 6) as county_code,
        a.allocated_amount,
        coalesce(p.paid_amount, 0) as paid_amount,
        coalesce(p.payments, 0) as payments,
        coalesce(p.paid_amount, 0) / nullif(a.allocated_amount, 0) as disbursement_rate,
        month(a.snapshot_month) / 12 as schedule_by_month,
        dayofyear(last_day(a.snapshot_month)) / (case when (year(a.snapshot_month) % 4 = 0 and year(a.snapshot_month) % 100 <> 0) or year(a.snapshot_month) % 400 = 0 then 366 else 365 end) as schedule_by_day,
        (coalesce(p.paid_amount, 0) / nullif(a.allocated_amount, 0) - month(a.snapshot_month) / 12) * 100 as gap_pp_by_month,
        (coalesce(p.paid_amount, 0) / nullif(a.allocated_amount, 0)
            - dayofyear(last_day(a.snapshot_month)) / (case when (year(a.snapshot_month) % 4 = 0 and year(a.snapshot_month) % 100 <> 0) or year(a.snapshot_month) % 400 = 0 then 366 else 365 end)) * 100 as gap_pp_by_day,
        p.last_paid_date
    from allocated a
    left join paid p using (snapshot_month, project_id)
)

select * from final
