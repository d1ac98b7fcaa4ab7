-- The red-flag list leadership reads each month, one row per flag: 落后村 (the villages with the
-- highest 综合落后指数: at least red_flag_lagging_villages of them, or a tenth of all villages),
-- 逾期问题 (open issues past 整改时限), 资金落后 (projects behind 序时进度 by more than
-- red_flag_fund_gap_pp percentage points). Pages and exports read this one definition.
with p as (select * from intermediate.int_parameters),

lagging as (
    select
        r.snapshot_month,
        '落后村' as flag_type,
        r.village_code,
        r.village_name,
        r.village_name as subject,
        format('综合落后指数{}，排名第{}{}', round(r.lag_index, 2), r.rank,
            case when r.rank_change is null then '' when r.rank_change > 0 then format('（比上月前进{}位）', r.rank_change)
                 when r.rank_change < 0 then format('（比上月后退{}位）', -r.rank_change) else '（与上月持平）' end) as detail,
        r.lag_index as severity
    from marts.mart_village_ranking r
    cross join p
    qualify r.rank <= greatest(p.red_flag_lagging_villages, ceil(count(*) over (partition by r.snapshot_month) / 10))
),

overdue as (
    select
        o.snapshot_month,
        '逾期问题' as flag_type,
        o.village_code,
        o.village_name,
        o.issue_id || '（' || o.category || '）' as subject,
        format('{}发现，整改时限{}，已逾期{}天，责任单位：{}', o.found_date, o.deadline, o.days_overdue, o.responsible_unit) as detail,
        o.days_overdue::double as severity
    from marts.mart_issue_overdue o
),

funds as (
    select
        f.snapshot_month,
        '资金落后' as flag_type,
        f.village_code,
        a.area_name as village_name,
        f.project_name as subject,
        format('支出率{}%，按月序时进度{}%，落后{}个百分点', round(f.disbursement_rate * 100, 1), round(f.schedule_by_month * 100, 1), round(-f.gap_pp_by_month, 1)) as detail,
        -f.gap_pp_by_month as severity
    from marts.mart_fund_disbursement f
    cross join p
    join intermediate.int_village_areas a on a.village_code = f.village_code and a.area_level = 'village'
    where f.gap_pp_by_month < -p.red_flag_fund_gap_pp
),

final as (
    select * from lagging
    union all select * from overdue
    union all select * from funds
)

select * from final
