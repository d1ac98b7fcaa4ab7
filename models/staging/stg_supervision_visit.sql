-- materialized: view
-- One row per visit per month: the 督战台账 as it stood at that month's end. The leader (带队领导)
-- is personal and stays in raw.
with source as (
    select * from raw.supervision_visit
),

final as (
    select
        s.snapshot_month,
        s.visit_id,
        s.visit_date,
        date_trunc('month', s.visit_date)::date as visit_month,
        date_trunc('month', s.visit_date)::date = s.snapshot_month as is_this_month,
        s.village_code,
        s.supervision_level,
        s.work_group,
        coalesce(s.method, '其他') as method,
        s.issues_found,
        s.feedback_date,
        date_diff('day', s.visit_date, s.feedback_date) as feedback_days,
        s._load_id as load_id
    from source s
)

select * from final
