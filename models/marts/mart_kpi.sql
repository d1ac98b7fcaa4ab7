-- Every headline KPI per area per month, with its change since last month, and the flag of the
-- area the report speaks for. The one definition the pages, both decks, the PDF, the PPTX and the
-- tests read: the home, deck, area and village pages no longer join four marts each.
-- Report scope: the lowest area that holds every village (a town campaign's town, a county's county).
with scope as (
    select area_code
    from marts.mart_area
    where villages = (select max(villages) from marts.mart_area)
    order by level_order
    limit 1
),

joined as (
    select
        p.snapshot_month,
        p.area_code,
        p.area_level,
        a.area_level_label,
        p.area_name,
        a.parent_code,
        a.parent_name,
        a.villages,
        p.agri_households,
        p.agri_population,
        p.registered_poor_households,
        p.registered_poor_people,
        p.poverty_incidence,
        p.incidence_change_pp,
        p.remaining_poor_households,
        p.remaining_poor_people,
        p.remaining_poor_people_change,
        k.unlifted_households,
        k.unlifted_people,
        k.monitored_households,
        k.monitored_people,
        k.edge_households,
        k.edge_people,
        k.key_households,
        k.key_people,
        c.issues_total,
        c.issues_closed,
        c.issues_open,
        c.issues_overdue,
        c.clearance_rate,
        f.allocated_wan,
        f.paid_wan,
        f.disbursement_rate,
        f.schedule_by_month,
        f.gap_pp_by_month,
        f.projects_behind_schedule,
        sv.listed_villages,
        sv.visited_villages as visited_listed_villages,
        sv.coverage_rate as supervision_coverage_rate,
        mc.key_households_without_measure,
        mc.measure_coverage_rate,
        ec.eliminated_households as risk_eliminated_households,
        ec.noncompliant_households as noncompliant_eliminated_households
    from marts.mart_poverty_incidence p
    join marts.mart_area a using (area_code)
    left join marts.mart_key_households k
        on k.area_code = p.area_code and k.snapshot_month = p.snapshot_month
    left join marts.mart_issue_clearance c
        on c.area_code = p.area_code and c.snapshot_month = p.snapshot_month and c.dimension = '总体'
    left join marts.mart_fund_by_area f
        on f.area_code = p.area_code and f.snapshot_month = p.snapshot_month and f.fund_category = '全部'
    left join marts.mart_supervision_coverage sv
        on sv.area_code = p.area_code and sv.snapshot_month = p.snapshot_month and sv.dimension = '总体'
    left join marts.mart_measure_coverage mc
        on mc.area_code = p.area_code and mc.snapshot_month = p.snapshot_month and mc.key_type = '合计'
    left join marts.mart_elimination_compliance_by_area ec
        on ec.area_code = p.area_code and ec.snapshot_month = p.snapshot_month
),

final as (
    select
        j.snapshot_month,
        strftime(j.snapshot_month, '%Y-%m') as month_key,
        strftime(j.snapshot_month, '%Y年%-m月') as month_label,
        j.area_code,
        j.area_level,
        j.area_level_label,
        j.area_name,
        j.parent_code,
        j.parent_name,
        j.villages,
        j.area_code = (select area_code from scope) as is_report_scope,
        j.agri_households,
        j.agri_population,
        j.registered_poor_households,
        j.registered_poor_people,
        j.poverty_incidence,
        j.incidence_change_pp,
        j.remaining_poor_households,
        j.remaining_poor_people,
        j.remaining_poor_people_change,
        j.unlifted_households,
        j.unlifted_people,
        j.monitored_households,
        j.monitored_people,
        j.edge_households,
        j.edge_people,
        j.key_households,
        j.key_people,
        j.key_households - lag(j.key_households) over w as key_households_change,
        j.issues_total,
        j.issues_closed,
        j.issues_open,
        j.issues_overdue,
        j.clearance_rate,
        (j.clearance_rate - lag(j.clearance_rate) over w) * 100 as clearance_change_pp,
        j.allocated_wan,
        j.paid_wan,
        j.disbursement_rate,
        (j.disbursement_rate - lag(j.disbursement_rate) over w) * 100 as disbursement_change_pp,
        j.schedule_by_month,
        j.gap_pp_by_month,
        j.projects_behind_schedule,
        j.listed_villages,
        j.visited_listed_villages,
        j.supervision_coverage_rate,
        (j.supervision_coverage_rate - lag(j.supervision_coverage_rate) over w) * 100 as supervision_coverage_change_pp,
        j.key_households_without_measure,
        j.measure_coverage_rate,
        j.risk_eliminated_households,
        j.noncompliant_eliminated_households
    from joined j
    window w as (partition by j.area_code order by j.snapshot_month)
)

select * from final order by area_code, snapshot_month
