-- Every village in every month that has a 督导记录 ledger: its 挂牌 level that month (mart_listing),
-- the visits dated in the month (from that month's ledger), whether a listed village missed the
-- month's supervision (fewer than supervision_min_visits_per_month visits, seed 003), for how many
-- ledger months in a row it has, and its latest visit so far. Coverage and the not-visited list
-- read this one grid.
with p as (select * from intermediate.int_parameters),

ledger_months as (
    select distinct snapshot_month from staging.stg_supervision_visit
),

month_visits as (
    select snapshot_month, village_code, count(*) as visits, max(visit_date) as latest_visit_date
    from staging.stg_supervision_visit
    where is_this_month
    group by all
),

ledger_latest as (
    select snapshot_month, village_code, max(visit_date) as latest_visit_date
    from staging.stg_supervision_visit
    group by all
),

grid as (
    select
        l.snapshot_month,
        l.village_code,
        l.listing_level,
        l.listing_level is not null as is_listed,
        coalesce(v.visits, 0) as visits_this_month,
        l.listing_level is not null and coalesce(v.visits, 0) < p.supervision_min_visits_per_month as is_missed,
        -- latest visit in any ledger up to this month
        max(x.latest_visit_date) over (partition by l.village_code order by l.snapshot_month rows between unbounded preceding and current row) as last_visit_date,
        row_number() over (partition by l.village_code order by l.snapshot_month) as month_index
    from marts.mart_listing l
    join ledger_months using (snapshot_month)
    cross join p
    left join month_visits v on v.snapshot_month = l.snapshot_month and v.village_code = l.village_code
    left join ledger_latest x on x.snapshot_month = l.snapshot_month and x.village_code = l.village_code
),

-- runs of consecutive ledger months with the same missed/not-missed state
runs as (
    select *, month_index - row_number() over (partition by village_code, is_missed order by snapshot_month) as run_id
    from grid
),

final as (
    select
        snapshot_month,
        village_code,
        listing_level,
        is_listed,
        visits_this_month,
        is_missed,
        case when is_missed then row_number() over (partition by village_code, is_missed, run_id order by snapshot_month) else 0 end as months_not_visited,
        last_visit_date
    from runs
)

select * from final
