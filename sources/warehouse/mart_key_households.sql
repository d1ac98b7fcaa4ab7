-- 三类重点户（未脱贫户、脱贫监测户、边缘户）户数和人数（每个区划每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  unlifted_households,
  unlifted_people,
  monitored_households,
  monitored_people,
  edge_households,
  edge_people,
  sudden_hardship_households,
  sudden_hardship_people,
  key_households,
  key_people
from marts.mart_key_households
