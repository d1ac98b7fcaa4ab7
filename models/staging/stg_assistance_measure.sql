-- materialized: view
-- One row per 帮扶措施 per month (the ledger as it stood at that month's end). 户编号 becomes the
-- same salted household_key as stg_household; 责任单位 is free text and stays in raw.
with source as (
    select * from raw.assistance_measure
),

final as (
    select
        s.snapshot_month,
        s.household_id,
        meta.household_key(s.household_id) as household_key,
        s.village_code,
        s.measure_category,
        s.start_date,
        s.end_date,
        s.status,
        -- 落实: begun and carried out; a planned or abandoned measure has not helped anyone yet.
        s.status in ('实施中', '已完成') and s.start_date <= last_day(s.snapshot_month) as is_implemented,
        -- active at some time in the snapshot's year up to its month end
        s.start_date <= last_day(s.snapshot_month)
            and (s.end_date is null or s.end_date >= date_trunc('year', s.snapshot_month)) as is_active_this_year,
        s.amount,
        s._load_id as load_id
    from source s
)

select * from final
