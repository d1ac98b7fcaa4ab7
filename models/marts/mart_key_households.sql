-- 三类重点户 per area per month, in 户 and 人 (defined per household in int_key_households):
-- 未脱贫户, 脱贫监测户, 边缘户; and 突发严重困难户 still at risk.
with by_village as (
    select
        snapshot_month,
        village_code,
        count(*) filter (where is_key_unlifted) as unlifted_households,
        coalesce(sum(family_size) filter (where is_key_unlifted), 0) as unlifted_people,
        count(*) filter (where is_key_monitored) as monitored_households,
        coalesce(sum(family_size) filter (where is_key_monitored), 0) as monitored_people,
        count(*) filter (where is_key_edge) as edge_households,
        coalesce(sum(family_size) filter (where is_key_edge), 0) as edge_people,
        count(*) filter (where is_sudden_hardship) as sudden_hardship_households,
        coalesce(sum(family_size) filter (where is_sudden_hardship), 0) as sudden_hardship_people
    from intermediate.int_key_households
    group by all
),

final as (
    select
        v.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        sum(unlifted_households) as unlifted_households,
        sum(unlifted_people) as unlifted_people,
        sum(monitored_households) as monitored_households,
        sum(monitored_people) as monitored_people,
        sum(edge_households) as edge_households,
        sum(edge_people) as edge_people,
        sum(sudden_hardship_households) as sudden_hardship_households,
        sum(sudden_hardship_people) as sudden_hardship_people,
        sum(unlifted_households + monitored_households + edge_households) as key_households,
        sum(unlifted_people + monitored_people + edge_people) as key_people
    from by_village v
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final
