-- 区划维表：行政村、乡镇、县市区、市（每个区划一行）。只列出公开的列：模型新增的列不会自动发布。
select
  area_code,
  area_level,
  area_level_label,
  level_order,
  area_name,
  parent_code,
  parent_name,
  villages
from marts.mart_area
