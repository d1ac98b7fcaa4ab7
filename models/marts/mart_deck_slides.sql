-- The monthly 调度会 deck as one slide list: per area (city, county, town) and month, each slide's
-- number, key, title and one-sentence message. The site deck (reports/deck/[month].md) and the PPTX
-- (exports/pptx.ts) both read it, so they say the same thing. Every title that states a trend is
-- computed from the numbers: a fall says 下降/减少, a rise 上升/增加, no change 持平; a first month
-- (nothing to compare) says so instead of claiming a trend.
with kpi as (
    select * from marts.mart_kpi where area_level <> 'village'
),

-- 'x.xx' for a change in percentage points, without its sign
pp as (
    select
        k.*,
        printf('%.2f', abs(k.incidence_change_pp)) as incidence_change_text,
        printf('%.1f', abs(k.clearance_change_pp)) as clearance_change_text,
        printf('%.1f', abs(k.gap_pp_by_month)) as schedule_gap_text
    from kpi k
),

ranking as (
    select k.snapshot_month, k.area_code, arg_min(r.village_name, r.rank) as top_village, count(*) as villages_ranked
    from kpi k
    join marts.mart_village_ranking r on r.snapshot_month = k.snapshot_month and starts_with(r.village_code, k.area_code)
    group by all
),

flags as (
    select
        k.snapshot_month,
        k.area_code,
        count(f.flag_type) as flags_total,
        count(f.flag_type) filter (where f.flag_type = '落后村') as flags_lagging,
        count(f.flag_type) filter (where f.flag_type = '逾期问题') as flags_overdue,
        count(f.flag_type) filter (where f.flag_type = '资金落后') as flags_funds,
        count(f.flag_type) filter (where f.flag_type = '未督导村') as flags_unvisited,
        count(f.flag_type) filter (where f.flag_type = '风险消除不合规') as flags_elimination
    from kpi k
    left join marts.mart_red_flags f on f.snapshot_month = k.snapshot_month and starts_with(f.village_code, k.area_code)
    group by all
),

monitoring as (
    select
        snapshot_month,
        area_code,
        sum(newly_identified_households) as new_households,
        sum(eliminated_households) as eliminated_households,
        sum(relapsed_households) as relapsed_households,
        sum(at_risk_households) as at_risk_households
    from marts.mart_monitoring_transitions
    group by all
),

-- 督导 (seed 003): coverage from mart_kpi; villages unvisited two months or more; visits by group
supervision as (
    select
        k.snapshot_month,
        k.area_code,
        count(g.village_code) filter (where g.months_not_visited >= 2) as long_unvisited,
        any_value(c.visits) as supervision_visits,
        any_value(c.unlisted_visits) as unlisted_visits
    from kpi k
    left join marts.mart_supervision_gaps g on g.snapshot_month = k.snapshot_month and starts_with(g.village_code, k.area_code)
    left join marts.mart_supervision_coverage c on c.snapshot_month = k.snapshot_month and c.area_code = k.area_code and c.dimension = '总体'
    group by all
),

supervision_groups as (
    select
        snapshot_month,
        area_code,
        string_agg(dimension_value || visits || '次', '、' order by list_position(['义务教育', '基本医疗', '住房安全', '饮水安全', '产业就业', '易地搬迁', '综合兜底', '其他'], dimension_value)) as by_group
    from marts.mart_supervision_coverage
    where dimension = '专项工作组' and visits > 0
    group by all
),

facts as (
    select
        p.*,
        coalesce(sv.long_unvisited, 0) as long_unvisited,
        sv.supervision_visits,
        sv.unlisted_visits,
        sg.by_group as supervision_by_group,
        r.top_village,
        coalesce(f.flags_total, 0) as flags_total,
        coalesce(f.flags_lagging, 0) as flags_lagging,
        coalesce(f.flags_overdue, 0) as flags_overdue,
        coalesce(f.flags_funds, 0) as flags_funds,
        coalesce(f.flags_unvisited, 0) as flags_unvisited,
        coalesce(f.flags_elimination, 0) as flags_elimination,
        coalesce(m.new_households, 0) as new_households,
        coalesce(m.eliminated_households, 0) as eliminated_households,
        coalesce(m.relapsed_households, 0) as relapsed_households,
        coalesce(m.at_risk_households, 0) as at_risk_households
    from pp p
    left join ranking r using (snapshot_month, area_code)
    left join flags f using (snapshot_month, area_code)
    left join monitoring m using (snapshot_month, area_code)
    left join supervision sv using (snapshot_month, area_code)
    left join supervision_groups sg using (snapshot_month, area_code)
),

slides as (
    select f.snapshot_month, f.month_key, f.area_code, f.area_name, s.*
    from facts f
    cross join lateral (
        values
            (1, 'cover',
                f.area_name || ' 脱贫攻坚挂牌督战调度会',
                f.month_label || '进展情况'),
            (2, 'poverty',
                case
                    when f.incidence_change_pp is null then '贫困发生率' || printf('%.2f', f.poverty_incidence * 100) || '%（首月数据）'
                    when round(f.incidence_change_pp, 2) < 0 then '贫困发生率下降' || f.incidence_change_text || '个百分点'
                    when round(f.incidence_change_pp, 2) > 0 then '贫困发生率上升' || f.incidence_change_text || '个百分点'
                    else '贫困发生率与上月持平'
                end,
                '未脱贫人口' || f.remaining_poor_people::bigint || '人，'
                    || case
                        when f.remaining_poor_people_change is null then '为首月数据'
                        when f.remaining_poor_people_change < 0 then '比上月减少' || (-f.remaining_poor_people_change)::bigint || '人'
                        when f.remaining_poor_people_change > 0 then '比上月增加' || f.remaining_poor_people_change::bigint || '人'
                        else '与上月持平'
                    end
                    || '；贫困发生率' || printf('%.2f', f.poverty_incidence * 100) || '%'),
            (3, 'key_households',
                case
                    when f.key_households_change is null then '三类重点户' || f.key_households::bigint || '户（首月数据）'
                    when f.key_households_change < 0 then '三类重点户减少' || (-f.key_households_change)::bigint || '户'
                    when f.key_households_change > 0 then '三类重点户增加' || f.key_households_change::bigint || '户'
                    else '三类重点户与上月持平'
                end,
                '三类重点户' || f.key_households::bigint || '户' || f.key_people::bigint || '人：未脱贫户'
                    || f.unlifted_households::bigint || '户，脱贫监测户' || f.monitored_households::bigint || '户，边缘户'
                    || f.edge_households::bigint || '户'),
            (4, 'issues',
                case
                    when f.clearance_rate is null then '问题整改：暂无问题'
                    when f.clearance_change_pp is null then '整改销号率' || printf('%.1f', f.clearance_rate * 100) || '%（首月数据）'
                    when round(f.clearance_change_pp, 1) > 0 then '整改销号率上升' || f.clearance_change_text || '个百分点'
                    when round(f.clearance_change_pp, 1) < 0 then '整改销号率下降' || f.clearance_change_text || '个百分点'
                    else '整改销号率与上月持平'
                end,
                '整改销号率' || coalesce(printf('%.1f', f.clearance_rate * 100) || '%', '—') || '，未销号'
                    || coalesce(f.issues_open, 0)::bigint || '个，其中逾期' || coalesce(f.issues_overdue, 0)::bigint || '个'),
            (5, 'funds',
                case
                    when f.disbursement_rate is null then '资金支出：暂无下达资金'
                    when round(f.gap_pp_by_month, 1) < 0 then '资金支出落后序时进度' || f.schedule_gap_text || '个百分点'
                    when round(f.gap_pp_by_month, 1) > 0 then '资金支出超前序时进度' || f.schedule_gap_text || '个百分点'
                    else '资金支出与序时进度持平'
                end,
                '资金支出率' || coalesce(printf('%.1f', f.disbursement_rate * 100) || '%', '—') || '，已下达'
                    || printf('%.1f', coalesce(f.allocated_wan, 0)) || '万元，已支出' || printf('%.1f', coalesce(f.paid_wan, 0)) || '万元'),
            (6, 'map',
                '分村情况',
                '贫困发生率与资金支出率（颜色越深数值越高）'),
            (7, 'ranking',
                coalesce('「' || f.top_village || '」综合落后指数居首', '行政村综合排名'),
                '综合落后指数（1为最需督战）排名靠前的村最需督战'),
            (8, 'red_flags',
                '红旗清单' || f.flags_total::bigint || '条',
                '落后村' || f.flags_lagging::bigint || '个、逾期问题' || f.flags_overdue::bigint || '个、资金落后项目' || f.flags_funds::bigint || '个'
                    || '、未督导挂牌村' || f.flags_unvisited::bigint || '个、风险消除不合规村' || f.flags_elimination::bigint || '个'),
            (9, 'monitoring',
                '防返贫监测：风险未消除' || f.at_risk_households::bigint || '户',
                '本月新识别' || f.new_households::bigint || '户，风险消除' || f.eliminated_households::bigint
                    || '户，回退' || f.relapsed_households::bigint || '户；风险未消除' || f.at_risk_households::bigint || '户'
                    || case when f.noncompliant_eliminated_households > 0
                        then '；标注风险消除但不合规' || f.noncompliant_eliminated_households::bigint || '户' else '' end),
            (10, 'supervision',
                case
                    when f.listed_villages is null then '督导：本月无督导记录'
                    when f.supervision_coverage_rate is null then '督导：本月无挂牌督战村'
                    when f.supervision_coverage_change_pp is null then '督导覆盖率' || printf('%.1f', f.supervision_coverage_rate * 100) || '%（首月数据）'
                    when round(f.supervision_coverage_change_pp, 1) > 0 then '督导覆盖率上升' || printf('%.1f', abs(f.supervision_coverage_change_pp)) || '个百分点'
                    when round(f.supervision_coverage_change_pp, 1) < 0 then '督导覆盖率下降' || printf('%.1f', abs(f.supervision_coverage_change_pp)) || '个百分点'
                    else '督导覆盖率与上月持平'
                end,
                case
                    when f.listed_villages is null then '本月未报送督导记录（督战台账），无法计算督导覆盖率'
                    else '督导覆盖率' || coalesce(printf('%.1f', f.supervision_coverage_rate * 100) || '%', '—') || '：挂牌督战村'
                        || f.listed_villages::bigint || '个，已督导' || f.visited_listed_villages::bigint || '个，未督导'
                        || (f.listed_villages - f.visited_listed_villages)::bigint || '个'
                        || case when f.long_unvisited > 0 then '（其中连续2个月及以上未督导' || f.long_unvisited::bigint || '个）' else '' end
                        || '；督导' || coalesce(f.supervision_visits, 0)::bigint || '次' || coalesce('（' || f.supervision_by_group || '）', '')
                        || case when f.unlisted_visits > 0 then '；另到非挂牌村督导' || f.unlisted_visits::bigint || '次，不计入覆盖率' else '' end
                end)
    ) as s(slide_no, slide_key, title, message)
),

final as (
    select snapshot_month, month_key, area_code, area_name, slide_no, slide_key, title, message
    from slides
)

select * from final order by area_code, snapshot_month, slide_no
