-- 红旗清单：落后村、逾期未销号问题、支出落后序时进度的项目（规则与阈值见 meta.parameters）（每月每条红旗一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  flag_type,
  village_code,
  village_name,
  subject,
  detail,
  severity
from marts.mart_red_flags
