-- 问题整改销号情况：总体及按类别、来源、责任单位（每个区划每月每个维度取值一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  dimension,
  dimension_value,
  issues_total,
  issues_closed,
  clearance_rate,
  issues_open,
  issues_overdue,
  avg_open_age_days,
  max_open_age_days,
  avg_days_to_close,
  is_cleared
from marts.mart_issue_clearance
order by area_code, snapshot_month
