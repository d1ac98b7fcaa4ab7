-- 帮扶措施覆盖（每个区划每月每种重点户类型一行（只含有帮扶措施台账的月份））。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  key_type,
  key_households,
  key_households_with_measure,
  key_households_without_measure,
  measure_coverage_rate
from marts.mart_measure_coverage
order by area_code, snapshot_month
