-- The campaign's month spine: every month with a village or household snapshot.
with months as (
    select distinct snapshot_month from staging.stg_village
    union
    select distinct snapshot_month from staging.stg_household
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
