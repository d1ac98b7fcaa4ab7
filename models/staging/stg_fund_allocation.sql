-- materialized: view
-- One row per allocation per month (cumulative ledger as of that month). 项目名称 is free text that
-- often names a household (2024年张三户产业奖补): only its masked form (stg_free_text) is selected.
with source as (
    select * from raw.fund_allocation
),

masked as (
    select * from staging.stg_free_text where column_name = 'project_name'
),

final as (
    select
        s.snapshot_month,
        s.allocation_id,
        s.project_id,
        m.published_text as project_name,
        s.fund_category,
        s.village_code,
        s.amount,
        s.allocated_date,
        s._load_id as load_id
    from source as s
    left join masked as m
        on m.snapshot_month = s.snapshot_month
        and m.county_code is not distinct from left(s.village_code, 6)
        and m.original = s.project_name
)

select * from final
