-- 问题整改台账（发布版，不含问题描述和责任人）（每月每个问题一行）。只列出公开的列：模型新增的列不会自动发布。
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
  closed_date,
  is_closed,
  is_overdue,
  days_open,
  has_evidence
from marts.mart_issue_ledger
