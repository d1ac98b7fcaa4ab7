-- The issue ledger as published: one row per issue per month without the description or the
-- responsible person (free text and names stay in raw; the internal ledger export reads them).
with final as (
    select
        i.snapshot_month,
        i.issue_id,
        i.village_code,
        v.area_name as village_name,
        t.area_name as town_name,
        i.source,
        i.category,
        i.responsible_unit,
        i.status,
        i.found_date,
        i.deadline,
        i.closed_date,
        i.is_closed,
        not i.is_closed and i.deadline < i.as_of_date as is_overdue,
        case when i.is_closed then date_diff('day', i.found_date, i.closed_date) else date_diff('day', i.found_date, i.as_of_date) end as days_open,
        i.has_evidence
    from staging.stg_issue i
    join intermediate.int_village_areas v on v.village_code = i.village_code and v.area_level = 'village'
    join intermediate.int_village_areas t on t.village_code = i.village_code and t.area_level = 'town'
)

select * from final
