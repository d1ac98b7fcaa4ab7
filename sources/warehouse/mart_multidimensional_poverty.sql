-- 多维贫困指数（Alkire-Foster）：H、A、M0及各指标贡献率（每个区划每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  cutoff_k,
  people,
  poor_people,
  headcount_ratio_h,
  intensity_a,
  m0,
  contribution_education,
  contribution_medical,
  contribution_housing,
  contribution_water,
  contribution_income
from marts.mart_multidimensional_poverty
