-- Every visit in the 督战台账 as it stood each month, with the village's 挂牌 level in the month of
-- the visit (a visit to a village that is not listed is shown, and kept out of 督导覆盖率), and the
-- issues the visit found as the issue ledger records them: an issue of source 督战 in the same
-- village, found on the visit's day or within supervision_issue_match_days after it, belongs to
-- the latest such visit. 发现问题数 as reported next to the issues the ledger holds shows findings
-- that never reached the ledger (seed 003: 督战发现的问题…限期抓好整改).
with p as (select * from intermediate.int_parameters),

visits as (
    select * from staging.stg_supervision_visit
),

duzhan_issues as (
    select snapshot_month, issue_id, village_code, found_date, is_closed
    from staging.stg_issue
    where source = '督战'
),

-- each issue to the latest visit of its village on or before its finding, within the window
matched as (
    select
        i.snapshot_month,
        i.issue_id,
        i.is_closed,
        -- latest visit first; two visits on one day: the higher 督导编号
        max({'d': v.visit_date, 'id': v.visit_id}).id as visit_id
    from duzhan_issues i
    cross join p
    join visits v
        on v.snapshot_month = i.snapshot_month
        and v.village_code = i.village_code
        and i.found_date between v.visit_date and v.visit_date + p.supervision_issue_match_days::integer
    group by all
),

issue_counts as (
    select
        snapshot_month,
        visit_id,
        count(*) as issues_in_ledger,
        count(*) filter (where is_closed) as issues_in_ledger_closed
    from matched
    group by all
),

villages as (
    select area_code, area_name, parent_code from intermediate.int_village_areas where area_level = 'village'
),

towns as (
    select distinct area_code, area_name from intermediate.int_village_areas where area_level = 'town'
),

final as (
    select
        v.snapshot_month,
        v.visit_id,
        v.visit_date,
        v.visit_month,
        v.is_this_month,
        v.village_code,
        vi.area_name as village_name,
        vi.parent_code as town_code,
        t.area_name as town_name,
        l.listing_level,
        -- unknown (null) when the village is missing from that month's village register
        case when l.village_code is not null then l.listing_level is not null end as is_listed_village,
        v.supervision_level,
        v.work_group,
        v.method,
        v.issues_found as issues_reported,
        coalesce(c.issues_in_ledger, 0) as issues_in_ledger,
        coalesce(c.issues_in_ledger_closed, 0) as issues_in_ledger_closed,
        greatest(coalesce(v.issues_found, 0) - coalesce(c.issues_in_ledger, 0), 0) as issues_not_in_ledger,
        v.feedback_date,
        v.feedback_days
    from visits v
    left join issue_counts c using (snapshot_month, visit_id)
    left join marts.mart_listing l on l.village_code = v.village_code and l.snapshot_month = v.visit_month
    left join villages vi on vi.area_code = v.village_code
    left join towns t on t.area_code = vi.parent_code
)

select * from final order by snapshot_month, visit_date, visit_id
