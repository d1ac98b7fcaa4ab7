-- How each loaded row's village (or area) code was found, per ledger and month: given in the file
-- (行政村代码), found by its names in the warehouse's own village register or in the national
-- register of 统计用区划代码, or taken from the allocation of the project a payment cites.
with rows as (
    select * from staging.stg_code_sources
),

counted as (
    select snapshot_month, entity, code_source, count(*) as rows_loaded
    from rows
    group by all
),

final as (
    select
        c.snapshot_month,
        c.entity,
        l.entity_label,
        l.entity_order,
        c.code_source,
        case c.code_source
            when 'given' then '文件给出代码'
            when 'register' then '按名称查村表'
            when 'national' then '按名称查全国区划代码'
            when 'project' then '按项目编号取自下达台账'
            else '未记录'
        end as code_source_label,
        case c.code_source when 'given' then 1 when 'register' then 2 when 'national' then 3 when 'project' then 4 else 5 end as code_source_order,
        c.rows_loaded,
        c.rows_loaded / sum(c.rows_loaded) over (partition by c.snapshot_month, c.entity) as share_of_entity
    from counted c
    join intermediate.int_ledgers l using (entity)
)

select * from final
