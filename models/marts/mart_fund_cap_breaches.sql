-- Payments above the policy caps in the seeds, per month: 到户产业奖补 ≤ 3万元/户,
-- 公益岗位工资 ≤ 8000元/人/年 (per worker: the household's labour, at least one),
-- 危房改造补助 ≤ 4万元/户, 挂牌督战村专项 ≤ 20万元/村. Households appear by pseudonymous key.
with p as (select * from intermediate.int_parameters),

household_totals as (
    select
        f.snapshot_month,
        f.village_code,
        f.household_id,
        f.fund_category,
        sum(f.amount) as paid_amount
    from staging.stg_fund_payment f
    where f.household_id is not null and year(f.paid_date) = year(f.snapshot_month)
    group by all
),

household_breaches as (
    select
        t.snapshot_month,
        t.village_code,
        h.household_key,
        t.fund_category,
        t.paid_amount,
        case t.fund_category
            when '到户产业奖补' then p.cap_industry_per_household
            when '公益岗位工资' then p.cap_welfare_job_per_person_year * greatest(coalesce(h.labor_count, 1), 1)
            when '危房改造补助' then p.cap_housing_special
        end as cap_amount
    from household_totals t
    cross join p
    left join staging.stg_household h on h.household_id = t.household_id and h.snapshot_month = t.snapshot_month
),

village_breaches as (
    select f.snapshot_month, f.village_code, null::varchar as household_key, f.fund_category, sum(f.amount) as paid_amount,
        any_value(p.listed_village_special_fund) as cap_amount
    from staging.stg_fund_payment f
    cross join p
    where f.fund_category = '挂牌督战村专项'
    group by all
),

final as (
    select *, paid_amount - cap_amount as excess_amount
    from (select * from household_breaches union all select * from village_breaches)
    where cap_amount is not null and paid_amount > cap_amount
)

select * from final
