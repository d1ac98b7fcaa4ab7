-- 三类重点户人口不超过农业户籍人口，各类户数非负
select k.*, p.agri_population
from marts.mart_key_households k
join marts.mart_poverty_incidence p using (snapshot_month, area_code)
where k.key_people > p.agri_population
   or least(k.unlifted_households, k.monitored_households, k.edge_households) < 0
