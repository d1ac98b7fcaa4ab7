-- 政策覆盖：低保、特困、易地搬迁、公益岗位、小额信贷户数（每个区划每月一行，只含汇总）
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  registered_households,
  dibao_households,
  tekun_households,
  relocated_households,
  welfare_job_households,
  no_labor_registered_households,
  microcredit_households,
  microcredit_wan,
  microcredit_overdue_households
from marts.mart_policy_coverage
