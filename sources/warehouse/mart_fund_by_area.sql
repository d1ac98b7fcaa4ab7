-- 分区划、分资金类别的支出率与序时进度（每个区划每月每个资金类别一行（含“全部”））。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  fund_category,
  projects,
  allocated_amount,
  paid_amount,
  allocated_wan,
  paid_wan,
  disbursement_rate,
  schedule_by_month,
  schedule_by_day,
  gap_pp_by_month,
  gap_pp_by_day,
  projects_behind_schedule
from marts.mart_fund_by_area
order by area_code, snapshot_month
