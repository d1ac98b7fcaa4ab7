-- 人均纯收入与收入监测线：低于监测线、临界户及分位数（每个区划每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  income_line,
  households,
  below_line_households,
  below_line_people,
  near_line_households,
  near_line_people,
  below_line_registered_households,
  p10_income_per_capita,
  p25_income_per_capita,
  median_income_per_capita,
  p75_income_per_capita,
  mean_income_per_capita
from marts.mart_income_line
