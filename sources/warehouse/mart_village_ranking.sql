-- 行政村综合落后指数与排名（权重见 meta.parameters）（每个行政村每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  village_code,
  village_name,
  remaining_poor_people,
  poverty_incidence,
  open_issue_share,
  disbursement_behind_pp,
  gap_household_share,
  score_remaining_poor,
  score_incidence,
  score_open_issues,
  score_disbursement_gap,
  score_guarantee_gaps,
  lag_index,
  rank,
  previous_rank,
  rank_change
from marts.mart_village_ranking
