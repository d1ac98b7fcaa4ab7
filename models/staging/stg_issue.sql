-- materialized: view
-- One row per issue per month (the ledger as it stood that month). The description and the
-- responsible person are free text / personal and stay in raw; 责任单位 is free text that can name
-- a person (张三户整改专班), so only its masked form (stg_free_text) is selected.
with source as (
    select * from raw.issue
),

masked as (
    select * from staging.stg_free_text where column_name = 'responsible_unit'
),

final as (
    select
        s.snapshot_month,
        s.issue_id,
        s.village_code,
        s.household_id is not null as is_household_issue,
        s.source,
        s.category,
        s.found_date,
        s.deadline,
        m.published_text as responsible_unit,
        s.status,
        s.status = '已销号' as is_closed,
        s.closed_date,
        s.evidence is not null as has_evidence,
        last_day(s.snapshot_month) as as_of_date,
        s._load_id as load_id
    from source as s
    left join masked as m
        on m.snapshot_month = s.snapshot_month
        and m.county_code is not distinct from left(s.village_code, 6)
        and m.original = s.responsible_unit
)

select * from final
