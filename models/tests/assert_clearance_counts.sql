-- 已销号 + 未销号 = 问题总数；逾期 ≤ 未销号；清零当且仅当未销号为0；总体等于各类别之和
select c.*
from marts.mart_issue_clearance c
left join (
    select snapshot_month, area_code, sum(issues_total) as by_category
    from marts.mart_issue_clearance where dimension = '问题类别' group by all
) s using (snapshot_month, area_code)
where c.issues_closed + c.issues_open <> c.issues_total
   or c.issues_overdue > c.issues_open
   or c.is_cleared <> (c.issues_open = 0)
   or (c.dimension = '总体' and s.by_category <> c.issues_total)
