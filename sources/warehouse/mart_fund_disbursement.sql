-- 项目资金支出率与序时进度（按月、按日）（每个项目每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  project_id,
  project_name,
  fund_category,
  village_code,
  town_code,
  county_code,
  allocated_amount,
  paid_amount,
  payments,
  disbursement_rate,
  schedule_by_month,
  schedule_by_day,
  gap_pp_by_month,
  gap_pp_by_day,
  last_paid_date
from marts.mart_fund_disbursement
order by village_code, snapshot_month
