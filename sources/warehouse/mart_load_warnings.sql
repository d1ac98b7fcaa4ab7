-- 加载警告：按“其他”加载的非标准取值，按文件、列、规则和（打码后的）原值计数。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  entity,
  entity_label,
  entity_order,
  source_file_name,
  column_name,
  header,
  rule,
  rule_label,
  value,
  rows_warned,
  first_row
from marts.mart_load_warnings
