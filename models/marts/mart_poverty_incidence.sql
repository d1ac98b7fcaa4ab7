-- 贫困发生率 = 未脱贫人口 ÷ 农业户籍人口, per area per month, with the change since last month.
-- 农业户籍人口 comes from the village snapshots; 未脱贫 and 建档立卡 from the household snapshots.
with village_population as (
    select snapshot_month, village_code, agri_households, agri_population
    from staging.stg_village
),

village_poor as (
    select
        snapshot_month,
        village_code,
        count(*) filter (where is_unlifted) as remaining_poor_households,
        coalesce(sum(family_size) filter (where is_unlifted), 0) as remaining_poor_people,
        count(*) filter (where is_registered_poor) as registered_poor_households,
        coalesce(sum(family_size) filter (where is_registered_poor), 0) as registered_poor_people,
        count(*) as households_reported,
        sum(family_size) as people_reported
    from staging.stg_household
    group by all
),

by_area as (
    select
        p.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        count(distinct p.village_code) as villages_reported,
        sum(p.agri_households) as agri_households,
        sum(p.agri_population) as agri_population,
        coalesce(sum(h.remaining_poor_households), 0) as remaining_poor_households,
        coalesce(sum(h.remaining_poor_people), 0) as remaining_poor_people,
        coalesce(sum(h.registered_poor_households), 0) as registered_poor_households,
        coalesce(sum(h.registered_poor_people), 0) as registered_poor_people
    from village_population p
    join intermediate.int_village_areas a using (village_code)
    left join village_poor h using (snapshot_month, village_code)
    group by all
),

final as (
    select
        *,
        remaining_poor_people / nullif(agri_population, 0) as poverty_incidence,
        lag(remaining_poor_people) over w as prev_remaining_poor_people,
        remaining_poor_people - lag(remaining_poor_people) over w as remaining_poor_people_change,
        (remaining_poor_people / nullif(agri_population, 0)
            - lag(remaining_poor_people / nullif(agri_population, 0)) over w) * 100 as incidence_change_pp
    from by_area
    window w as (partition by area_code order by snapshot_month)
)

select * from final
