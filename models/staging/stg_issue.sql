-- materialized: view
-- One row per issue per month (the ledger as it stood that month). The description and the
-- responsible person are free text / personal and stay in raw.
with source as (
    select * from raw.issue
),

final as (
    select
        snapshot_month,
        issue_id,
        village_code,
        household_id is not null as is_household_issue,
        source,
        category,
        found_date,
        deadline,
        responsible_unit,
        status,
        status = '已销号' as is_closed,
        closed_date,
        evidence is not null as has_evidence,
        last_day(snapshot_month) as as_of_date,
        _load_id as load_id
    from source
)

select * from final
