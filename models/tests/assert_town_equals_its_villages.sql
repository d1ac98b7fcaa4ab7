-- 乡镇、县、市的未脱贫人口和农业户籍人口等于其下属各村之和
with villages as (
    select p.snapshot_month, a.area_code, sum(p.remaining_poor_people) as remaining, sum(p.agri_population) as population
    from marts.mart_poverty_incidence p
    join intermediate.int_village_areas a on a.village_code = p.area_code and a.area_level <> 'village'
    where p.area_level = 'village'
    group by all
)
select t.snapshot_month, t.area_code, t.remaining_poor_people, v.remaining, t.agri_population, v.population
from marts.mart_poverty_incidence t
join villages v using (snapshot_month, area_code)
where t.remaining_poor_people <> v.remaining or t.agri_population <> v.population
