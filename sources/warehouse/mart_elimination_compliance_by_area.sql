-- 风险消除合规情况按区划（每个区划每月一行（只含有风险消除户的区划））。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  eliminated_households,
  noncompliant_households,
  no_measure_households,
  income_unstable_households,
  no_labour_no_dibao_households
from marts.mart_elimination_compliance_by_area
order by area_code, snapshot_month
