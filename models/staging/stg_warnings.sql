-- materialized: view
-- One row per warning: a loaded row whose value in a descriptive column (问题来源, 致贫原因,
-- 资金类别) was not a standard value and was taken as 其他. The value as written is published
-- only in its masked form (stg_free_text), like any free text; the message stays in raw.
with source as (
    select * from raw.warnings
),

masked as (
    select * from staging.stg_free_text where column_name = 'warning_value'
),

final as (
    select
        s.entity,
        s.snapshot_month,
        s.load_id,
        -- the file with its folder: towns send files of the same name (湘潭县花石镇/问题整改台账.xls)
        regexp_extract(s.source_file, '([^/\\]+[/\\])?[^/\\]+$') as source_file_name,
        s.sheet,
        s.row_number,
        s.village_code,
        s.column_name,
        s.header,
        s.rule,
        m.published_text as value
    from source as s
    left join masked as m
        on m.snapshot_month = s.snapshot_month
        and m.county_code is not distinct from left(s.village_code, 6)
        and m.original = s.value
)

select * from final
