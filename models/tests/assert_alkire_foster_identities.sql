-- 多维贫困：M0 = H × A，且各指标贡献率之和为1（M0 > 0 时）
select *
from marts.mart_multidimensional_poverty
where abs(m0 - headcount_ratio_h * coalesce(intensity_a, 0)) > 1e-9
   or (m0 > 0 and abs(contribution_education + contribution_medical + contribution_housing
        + contribution_water + contribution_income - 1) > 1e-9)
