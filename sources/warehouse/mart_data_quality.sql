-- 数据质量：拒收、重户、漏户、收入计算、村表与农户汇总不符、超上限、报送完整性（每个行政村每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  village_code,
  village_name,
  village_reported,
  households_reported,
  households_loaded,
  household_rows_rejected,
  duplicate_household_rows,
  id_check_digit_errors,
  other_rows_rejected,
  missing_households,
  income_arithmetic_errors,
  village_total_mismatch,
  village_file_unlifted_people,
  household_rollup_unlifted_people,
  cap_breaches,
  elimination_rule_breaches
from marts.mart_data_quality
