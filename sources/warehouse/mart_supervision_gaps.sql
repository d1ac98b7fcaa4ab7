-- 当月未督导的挂牌督战村（每月每个未督导的挂牌村一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  village_code,
  village_name,
  town_code,
  town_name,
  listing_level,
  visits_this_month,
  months_not_visited,
  last_visit_date
from marts.mart_supervision_gaps
order by village_code, snapshot_month
