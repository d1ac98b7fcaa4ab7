-- 帮扶措施按类别（每个区划每月每个措施类别一行（含“全部”））。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  measure_category,
  measures,
  households,
  key_households,
  amount_wan
from marts.mart_measures_by_category
order by area_code, snapshot_month
