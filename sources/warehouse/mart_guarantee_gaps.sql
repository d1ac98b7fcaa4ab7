-- 两不愁三保障及饮水安全未达标户和本月解决户（每个区划每月每个保障指标一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  indicator,
  gap_households,
  gap_people,
  resolved_households,
  new_gap_households,
  households
from marts.mart_guarantee_gaps
order by area_code, snapshot_month
