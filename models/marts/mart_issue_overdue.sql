-- One row per open issue past its 整改时限 at month end: the red-flag list, read off the
-- published ledger (no description or responsible person).
select
    l.snapshot_month,
    l.issue_id,
    l.village_code,
    l.village_name,
    l.town_name,
    l.source,
    l.category,
    l.responsible_unit,
    l.status,
    l.found_date,
    l.deadline,
    date_diff('day', l.deadline, last_day(l.snapshot_month)) as days_overdue
from marts.mart_issue_ledger l
where l.is_overdue
