-- 防返贫监测 transitions per area, month and monitoring type: newly identified, 风险消除, 回退,
-- the at-risk stock, and eliminations that break the rules (the rules, their parameters and
-- sources are in mart_elimination_compliance, the one place they are defined).
with h as (
    select * from intermediate.int_household_months where monitor_type is not null or prev_monitor_type is not null
),

events as (
    select
        h.snapshot_month,
        h.village_code,
        coalesce(h.monitor_type, h.prev_monitor_type) as monitor_type,
        h.family_size,
        h.monitor_type is not null and h.prev_monitor_type is null and not coalesce(h.ever_eliminated_before, false) as newly_identified,
        h.risk_eliminated and not coalesce(h.prev_risk_eliminated, false) and h.prev_month is not null as eliminated,
        h.monitor_type is not null and not h.risk_eliminated and coalesce(h.ever_eliminated_before, false)
            and (coalesce(h.prev_risk_eliminated, false) or h.prev_monitor_type is null) as relapsed,
        h.is_monitored_at_risk as at_risk,
        h.risk_eliminated and not coalesce(h.prev_risk_eliminated, false) and h.prev_month is not null
            and not coalesce(c.is_compliant, true) as eliminated_breaking_rules
    from h
    left join marts.mart_elimination_compliance c using (snapshot_month, household_key)
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
