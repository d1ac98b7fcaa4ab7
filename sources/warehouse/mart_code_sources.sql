-- 代码来历：每类台账每月加载的行中，行政村代码是文件给出、按名称查到，还是按项目编号取得（只含计数）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  entity,
  entity_label,
  entity_order,
  code_source,
  code_source_label,
  code_source_order,
  rows_loaded,
  share_of_entity
from marts.mart_code_sources
