-- 督导记录（督战台账）（每月台账中的每次督导一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  visit_id,
  visit_date,
  visit_month,
  is_this_month,
  village_code,
  village_name,
  town_code,
  town_name,
  listing_level,
  is_listed_village,
  supervision_level,
  work_group,
  method,
  issues_reported,
  issues_in_ledger,
  issues_in_ledger_closed,
  issues_not_in_ledger,
  feedback_date,
  feedback_days
from marts.mart_supervision_visits
order by village_code, snapshot_month, visit_date
