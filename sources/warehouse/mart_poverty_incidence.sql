-- 贫困发生率及未脱贫户、人数（每个区划每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  villages_reported,
  agri_households,
  agri_population,
  remaining_poor_households,
  remaining_poor_people,
  registered_poor_households,
  registered_poor_people,
  poverty_incidence,
  prev_remaining_poor_people,
  remaining_poor_people_change,
  incidence_change_pp
from marts.mart_poverty_incidence
