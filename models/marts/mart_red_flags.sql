-- The red-flag list leadership reads each month, one row per flag: 落后村 (the villages with the
-- highest 综合落后指数: at least red_flag_lagging_villages of them, or a tenth of all villages),
-- 逾期问题 (open issues past 整改时限), 资金落后 (projects behind 序时进度 by more than
-- red_flag_fund_gap_pp percentage points), 未督导村 (listed villages without this month's
-- supervision, seed 003) and 风险消除不合规 (per village, the households marked 风险消除 against a
-- rule of mart_elimination_compliance: counts, never a household). Pages and exports read this
-- one definition.
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

not_visited as (
    select
        g.snapshot_month,
        '未督导村' as flag_type,
        g.village_code,
        g.village_name,
        g.village_name as subject,
        format('{}挂牌督战村，本月未督导{}，最近一次督导：{}', g.listing_level,
            case when g.months_not_visited > 1 then format('（已连续{}个月）', g.months_not_visited) else '' end,
            coalesce(strftime(g.last_visit_date, '%Y年%-m月%-d日'), '本年度台账中没有')) as detail,
        g.months_not_visited::double as severity
    from marts.mart_supervision_gaps g
),

elimination as (
    select
        e.snapshot_month,
        '风险消除不合规' as flag_type,
        e.area_code as village_code,
        e.area_name as village_name,
        -- the village name alone: it may also be a person's name, published only as a place of its own
        e.area_name as subject,
        format('{}户标注风险消除但不合规：{}', e.noncompliant_households, concat_ws('、',
            case when e.no_measure_households > 0 then format('无帮扶措施{}户', e.no_measure_households) end,
            case when e.income_unstable_households > 0 then format('近{}个月收入曾低于监测线{}户', p.elimination_stable_months::integer, e.income_unstable_households) end,
            case when e.no_labour_no_dibao_households > 0 then format('无劳动力且无低保特困兜底{}户', e.no_labour_no_dibao_households) end)) as detail,
        e.noncompliant_households::double as severity
    from marts.mart_elimination_compliance_by_area e
    cross join p
    where e.area_level = 'village' and e.noncompliant_households > 0
),

final as (
    select * from lagging
    union all select * from overdue
    union all select * from funds
    union all select * from not_visited
    union all select * from elimination
)

select * from final
