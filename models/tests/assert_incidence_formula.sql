-- 贫困发生率 = 未脱贫人口 ÷ 农业户籍人口；村一级的未脱贫人口与三类重点户中的一致
-- (above village level the two may differ: incidence counts only villages whose 村表 arrived)
select p.snapshot_month, p.area_code, p.poverty_incidence, p.remaining_poor_people, p.agri_population, k.unlifted_people
from marts.mart_poverty_incidence p
left join marts.mart_key_households k using (snapshot_month, area_code)
where abs(p.poverty_incidence - p.remaining_poor_people / p.agri_population) > 1e-12
   or (p.area_level = 'village' and k.unlifted_people is distinct from p.remaining_poor_people)
