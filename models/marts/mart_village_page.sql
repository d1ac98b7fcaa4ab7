-- What a village page shows, one row per village per month, sorted by village code: the page
-- (drawn in the browser) reads its village's twelve rows and runs no join. Headline KPIs come from
-- mart_kpi; the rest are the page's own facts (ranking, listing, income line, 三保障 gaps).
with kpi as (
    select * from marts.mart_kpi where area_level = 'village'
),

towns as (
    select area_code, area_name, parent_code, parent_name from marts.mart_area where area_level = 'town'
),

gaps as (
    select
        snapshot_month,
        area_code,
        max(gap_households) filter (where indicator = '两不愁') as gap_food_clothing_households,
        max(gap_households) filter (where indicator = '义务教育') as gap_education_households,
        max(gap_households) filter (where indicator = '基本医疗') as gap_medical_households,
        max(gap_households) filter (where indicator = '住房安全') as gap_housing_households,
        max(gap_households) filter (where indicator = '饮水安全') as gap_water_households,
        max(gap_people) filter (where indicator = '两不愁') as gap_food_clothing_people,
        max(gap_people) filter (where indicator = '义务教育') as gap_education_people,
        max(gap_people) filter (where indicator = '基本医疗') as gap_medical_people,
        max(gap_people) filter (where indicator = '住房安全') as gap_housing_people,
        max(gap_people) filter (where indicator = '饮水安全') as gap_water_people,
        max(resolved_households) filter (where indicator = '两不愁') as resolved_food_clothing_households,
        max(resolved_households) filter (where indicator = '义务教育') as resolved_education_households,
        max(resolved_households) filter (where indicator = '基本医疗') as resolved_medical_households,
        max(resolved_households) filter (where indicator = '住房安全') as resolved_housing_households,
        max(resolved_households) filter (where indicator = '饮水安全') as resolved_water_households,
        max(new_gap_households) filter (where indicator = '两不愁') as new_gap_food_clothing_households,
        max(new_gap_households) filter (where indicator = '义务教育') as new_gap_education_households,
        max(new_gap_households) filter (where indicator = '基本医疗') as new_gap_medical_households,
        max(new_gap_households) filter (where indicator = '住房安全') as new_gap_housing_households,
        max(new_gap_households) filter (where indicator = '饮水安全') as new_gap_water_households
    from marts.mart_guarantee_gaps
    where area_level = 'village'
    group by all
),

final as (
    select
        k.snapshot_month,
        k.month_key,
        k.month_label,
        k.area_code as village_code,
        k.area_name as village_name,
        t.area_code as town_code,
        t.area_name as town_name,
        t.parent_code as county_code,
        t.parent_name as county_name,
        k.agri_population,
        k.registered_poor_people,
        k.poverty_incidence,
        k.incidence_change_pp,
        k.remaining_poor_households,
        k.remaining_poor_people,
        k.remaining_poor_people_change,
        k.unlifted_households,
        k.unlifted_people,
        k.monitored_households,
        k.monitored_people,
        k.edge_households,
        k.edge_people,
        k.key_households,
        k.key_people,
        k.key_households_change,
        k.issues_total,
        k.issues_open,
        k.issues_overdue,
        k.clearance_rate,
        k.clearance_change_pp,
        k.allocated_wan,
        k.paid_wan,
        k.disbursement_rate,
        k.schedule_by_month,
        k.gap_pp_by_month,
        r.rank,
        r.previous_rank,
        r.rank_change,
        r.lag_index,
        coalesce(l.listing_level || '挂牌督战村', '未挂牌') as listing_status,
        l.listing_level,
        coalesce(l.listing_reason, '未达到省级、市级挂牌标准') as listing_reason,
        l.registered_poor_people as listing_registered_poor_people,
        l.unlifted_people as listing_unlifted_people,
        i.income_line,
        i.below_line_households,
        i.near_line_households,
        i.median_income_per_capita,
        g.* exclude (snapshot_month, area_code)
    from kpi k
    left join towns t on t.area_code = k.parent_code
    left join marts.mart_village_ranking r on r.village_code = k.area_code and r.snapshot_month = k.snapshot_month
    left join marts.mart_listing l on l.village_code = k.area_code and l.snapshot_month = k.snapshot_month
    left join marts.mart_income_line i on i.area_code = k.area_code and i.snapshot_month = k.snapshot_month
    left join gaps g on g.area_code = k.area_code and g.snapshot_month = k.snapshot_month
)

select * from final order by village_code, snapshot_month
