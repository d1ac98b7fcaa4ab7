-- 超过政策上限的资金支出，按村、资金类别汇总（每月每村每个资金类别一行）。
-- The mart has one row per household with a hashed household_key; the site only needs counts and
-- amounts per village, so the key is aggregated away here rather than published.
select
  snapshot_month,
  village_code,
  fund_category,
  count(*) as breaches,
  sum(paid_amount) as paid_amount,
  sum(excess_amount) as excess_amount
from marts.mart_fund_cap_breaches
group by snapshot_month, village_code, fund_category
