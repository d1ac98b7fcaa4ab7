-- 逾期未销号问题清单（不含问题描述和责任人）（每月每个逾期问题一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  issue_id,
  village_code,
  village_name,
  town_name,
  source,
  category,
  responsible_unit,
  status,
  found_date,
  deadline,
  days_overdue
from marts.mart_issue_overdue
order by village_code, snapshot_month
