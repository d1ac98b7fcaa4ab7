-- The listed villages not supervised this month (fewer than supervision_min_visits_per_month
-- visits dated in the month), for how many ledger months in a row, and when they were last
-- visited: the list a 调度会 reads out, and the 未督导村 red flags.
with grid as (
    select * from intermediate.int_supervision_village_months where is_missed
),

villages as (
    select v.village_code, v.area_name as village_name, t.area_code as town_code, t.area_name as town_name
    from intermediate.int_village_areas v
    join intermediate.int_village_areas t on t.village_code = v.village_code and t.area_level = 'town'
    where v.area_level = 'village'
),

final as (
    select
        g.snapshot_month,
        g.village_code,
        v.village_name,
        v.town_code,
        v.town_name,
        g.listing_level,
        g.visits_this_month,
        g.months_not_visited,
        g.last_visit_date
    from grid g
    left join villages v using (village_code)
)

select * from final order by snapshot_month, months_not_visited desc, village_code
