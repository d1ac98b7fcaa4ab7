-- 督导覆盖率（每个区划每月每个维度取值一行（只含有督导记录台账的月份））。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  dimension,
  dimension_value,
  listed_villages,
  visited_villages,
  not_visited_villages,
  coverage_rate,
  visits,
  unlisted_villages_visited,
  unlisted_visits
from marts.mart_supervision_coverage
order by area_code, snapshot_month
