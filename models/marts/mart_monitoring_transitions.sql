-- 防返贫监测 transitions per area, month and monitoring type: newly identified, 风险消除, 回退,
-- the at-risk stock, and eliminations that break the rules (income not above the line for six
-- months, or a household with no labour).
with h as (
    select * from intermediate.int_household_months where monitor_type is not null or prev_monitor_type is not null
),

events as (
    select
        snapshot_month,
        village_code,
        coalesce(monitor_type, prev_monitor_type) as monitor_type,
        family_size,
        monitor_type is not null and prev_monitor_type is null and not coalesce(ever_eliminated_before, false) as newly_identified,
        risk_eliminated and not coalesce(prev_risk_eliminated, false) and prev_month is not null as eliminated,
        monitor_type is not null and not risk_eliminated and coalesce(ever_eliminated_before, false)
            and (coalesce(prev_risk_eliminated, false) or prev_monitor_type is null) as relapsed,
        is_monitored_at_risk as at_risk,
        risk_eliminated and not coalesce(prev_risk_eliminated, false) and prev_month is not null
            and (months_above_line_last6 < 6 or no_labor) as eliminated_breaking_rules
    from h
),

final as (
    select
        e.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        e.monitor_type,
        count(*) filter (where e.newly_identified) as newly_identified_households,
        count(*) filter (where e.eliminated) as eliminated_households,
        count(*) filter (where e.relapsed) as relapsed_households,
        count(*) filter (where e.at_risk) as at_risk_households,
        coalesce(sum(e.family_size) filter (where e.at_risk), 0) as at_risk_people,
        count(*) filter (where e.eliminated_breaking_rules) as eliminated_breaking_rules_households
    from events e
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final
