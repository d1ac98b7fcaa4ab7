-- 挂牌督战村认定：省级、市级及依据（每个行政村每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  village_code,
  village_name,
  town_name,
  county_name,
  registered_poor_people,
  unlifted_people,
  meets_province,
  meets_city,
  meets_both_city_thresholds,
  listing_level,
  listing_reason
from marts.mart_listing
