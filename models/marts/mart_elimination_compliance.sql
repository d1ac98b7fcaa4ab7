-- Every household marked 风险消除, each month, against the three rules of monitoring policy, each
-- a parameter with its source (models/seeds/parameters.csv):
--   无帮扶措施: fewer than elimination_min_measures measures carried out (seed 004, DOMAIN.md);
--   收入不稳定: 人均纯收入 below the month's line in any of the last elimination_stable_months
--     monthly snapshots (seed 004: 风险消除是否稳定、可持续);
--   无劳动力无兜底: no labour in the household and neither 低保 nor 特困供养 (seed 001), while
--     elimination_no_labour_requires_dibao = 1.
-- A rule that cannot be judged (no measure ledger that month, no income line) is not counted as
-- broken. One row per household and month, by pseudonymous key only.
with p as (select * from intermediate.int_parameters),

eliminated as (
    select h.*
    from intermediate.int_household_months h
    where h.risk_eliminated and h.monitor_type is not null
),

income_window as (
    select
        e.snapshot_month,
        e.household_id,
        count(h.snapshot_month) as months_checked,
        count(*) filter (where h.below_line) as months_below_line
    from eliminated e
    cross join p
    join intermediate.int_household_months h
        on h.household_id = e.household_id
        and h.snapshot_month <= e.snapshot_month
        and h.snapshot_month > e.snapshot_month - to_months(p.elimination_stable_months::integer)
    group by all
),

measure_months as (
    select distinct snapshot_month from staging.stg_assistance_measure
),

measures as (
    select snapshot_month, household_key, count(*) filter (where is_implemented) as measures_implemented
    from staging.stg_assistance_measure
    group by all
),

judged as (
    select
        e.snapshot_month,
        e.household_key,
        e.village_code,
        e.monitor_type,
        e.eliminated_date,
        e.family_size,
        e.labor_count,
        e.dibao or e.tekun as has_dibao_or_tekun,
        mm.snapshot_month is not null as has_measure_ledger,
        coalesce(m.measures_implemented, 0) as measures_implemented,
        i.months_checked,
        i.months_below_line,
        mm.snapshot_month is not null and coalesce(m.measures_implemented, 0) < p.elimination_min_measures as breaks_no_measure,
        coalesce(i.months_below_line, 0) > 0 as breaks_income,
        p.elimination_no_labour_requires_dibao = 1 and e.labor_count = 0 and not (e.dibao or e.tekun) as breaks_no_labour
    from eliminated e
    cross join p
    left join income_window i on i.snapshot_month = e.snapshot_month and i.household_id = e.household_id
    left join measure_months mm on mm.snapshot_month = e.snapshot_month
    left join measures m on m.snapshot_month = e.snapshot_month and m.household_key = e.household_key
),

final as (
    select
        *,
        breaks_no_measure::integer + breaks_income::integer + coalesce(breaks_no_labour, false)::integer as rules_broken,
        not (breaks_no_measure or breaks_income or coalesce(breaks_no_labour, false)) as is_compliant
    from judged
)

select * from final order by snapshot_month, village_code, household_key
