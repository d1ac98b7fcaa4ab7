-- 整改销号率 = 已销号 ÷ 问题总数, per area and month, overall and by category, source and
-- responsible unit; open, overdue (not 销号 and past 整改时限 at month end), ages, and 清零.
with issues as (
    select
        i.*,
        not i.is_closed and i.deadline < i.as_of_date as is_overdue,
        case when not i.is_closed then date_diff('day', i.found_date, i.as_of_date) end as open_age_days,
        case when i.is_closed then date_diff('day', i.found_date, i.closed_date) end as days_to_close
    from staging.stg_issue i
),

dimensions as (
    select i.*, d.dimension, d.dimension_value
    from issues i
    cross join lateral (
        values ('总体', '全部'), ('问题类别', i.category), ('问题来源', i.source), ('责任单位', i.responsible_unit)
    ) as d(dimension, dimension_value)
),

final as (
    select
        d.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        d.dimension,
        d.dimension_value,
        count(*) as issues_total,
        count(*) filter (where d.is_closed) as issues_closed,
        count(*) filter (where d.is_closed) / count(*) as clearance_rate,
        count(*) filter (where not d.is_closed) as issues_open,
        count(*) filter (where d.is_overdue) as issues_overdue,
        avg(d.open_age_days) as avg_open_age_days,
        max(d.open_age_days) as max_open_age_days,
        avg(d.days_to_close) as avg_days_to_close,
        count(*) filter (where not d.is_closed) = 0 as is_cleared
    from dimensions d
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final
