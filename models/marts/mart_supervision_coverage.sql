-- 督导覆盖率 per area and month: listed villages (mart_listing, that month) supervised at least
-- supervision_min_visits_per_month times in the month ÷ listed villages (seed 003: 每月对督战对象
-- 开展不少于一次的督导). Overall (总体), by the village's 挂牌级别, and by who came: the share of
-- listed villages a team of each 督战级别, or each 专项工作组 (seed 000), reached at least once.
-- Visits to villages that are not listed are counted beside coverage (总体 rows), never in it.
-- Only months with a 督导记录 ledger have rows: no ledger is no data, not zero coverage.
with p as (select * from intermediate.int_parameters),

grid as (
    select * from intermediate.int_supervision_village_months
),

month_visits as (
    select snapshot_month, village_code, supervision_level, work_group
    from staging.stg_supervision_visit
    where is_this_month
),

overall as (
    select
        g.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        '总体' as dimension,
        '全部' as dimension_value,
        count(*) filter (where g.is_listed) as listed_villages,
        count(*) filter (where g.is_listed and not g.is_missed) as visited_villages,
        coalesce(sum(g.visits_this_month) filter (where g.is_listed), 0) as visits,
        count(*) filter (where not g.is_listed and g.visits_this_month > 0) as unlisted_villages_visited,
        coalesce(sum(g.visits_this_month) filter (where not g.is_listed), 0) as unlisted_visits
    from grid g
    join intermediate.int_village_areas a using (village_code)
    group by all
),

-- each listed village under every value of the breakdowns (so a level or group that came nowhere shows 0)
candidates as (
    select g.snapshot_month, g.village_code, '挂牌级别' as dimension, g.listing_level as dimension_value, g.visits_this_month as visits,
        not g.is_missed as reached
    from grid g where g.is_listed
    union all
    select g.snapshot_month, g.village_code, d.dimension, d.dimension_value, count(v.village_code), count(v.village_code) > 0
    from grid g
    cross join (
        values ('督战级别', '省级'), ('督战级别', '市级'), ('督战级别', '县级'),
            ('专项工作组', '义务教育'), ('专项工作组', '基本医疗'), ('专项工作组', '住房安全'), ('专项工作组', '饮水安全'),
            ('专项工作组', '产业就业'), ('专项工作组', '易地搬迁'), ('专项工作组', '综合兜底'), ('专项工作组', '其他')
    ) as d(dimension, dimension_value)
    left join month_visits v
        on v.snapshot_month = g.snapshot_month and v.village_code = g.village_code
        and ((d.dimension = '督战级别' and v.supervision_level = d.dimension_value)
            or (d.dimension = '专项工作组' and v.work_group = d.dimension_value))
    where g.is_listed
    group by all
),

breakdowns as (
    select
        c.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        c.dimension,
        c.dimension_value,
        count(*) as listed_villages,
        count(*) filter (where c.reached) as visited_villages,
        sum(c.visits) as visits,
        0 as unlisted_villages_visited,
        0 as unlisted_visits
    from candidates c
    join intermediate.int_village_areas a using (village_code)
    group by all
),

final as (
    select
        snapshot_month,
        area_code,
        area_level,
        area_name,
        dimension,
        dimension_value,
        listed_villages::bigint as listed_villages,
        visited_villages::bigint as visited_villages,
        (listed_villages - visited_villages)::bigint as not_visited_villages,
        visited_villages / nullif(listed_villages, 0) as coverage_rate,
        visits::bigint as visits,
        unlisted_villages_visited::bigint as unlisted_villages_visited,
        unlisted_visits::bigint as unlisted_visits
    from (select * from overall union all select * from breakdowns)
)

select * from final order by area_code, snapshot_month, dimension, dimension_value
