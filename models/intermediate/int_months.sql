-- The campaign's month spine: every month with a village or household snapshot, or an issue or
-- fund ledger (which may arrive before, or without, the village file).
with months as (
    select distinct snapshot_month from staging.stg_village
    union
    select distinct snapshot_month from staging.stg_household
    union
    select distinct snapshot_month from staging.stg_issue
    union
    select distinct snapshot_month from staging.stg_fund_allocation
    union
    select distinct snapshot_month from staging.stg_fund_payment
),

final as (
    select
        snapshot_month,
        last_day(snapshot_month) as month_end,
        year(snapshot_month) as year,
        month(snapshot_month) as month_of_year,
        lag(snapshot_month) over (order by snapshot_month) as previous_month
    from months
)

select * from final
