-- 人均纯收入分段分布（每段2000元）（每个区划每月每个收入段一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  band,
  band_from,
  band_to,
  band_label,
  households,
  people
from marts.mart_income_distribution
