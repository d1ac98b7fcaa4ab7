-- One row per open issue past its 整改时限 at month end: the red-flag list (no description or
-- responsible person, which are personal; the responsible unit is an organisation).
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
        date_diff('day', i.deadline, i.as_of_date) as days_overdue
    from staging.stg_issue i
    join intermediate.int_village_areas v on v.village_code = i.village_code and v.area_level = 'village'
    join intermediate.int_village_areas t on t.village_code = i.village_code and t.area_level = 'town'
    where not i.is_closed and i.deadline < i.as_of_date
)

select * from final
