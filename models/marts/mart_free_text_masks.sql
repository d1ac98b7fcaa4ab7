-- How much personal data was masked in free text before it reached the marts, per column and
-- month: the data-quality page shows it, so an office sees that its ledgers name people.
with masked as (
    select * from staging.stg_free_text
),

counted as (
    select
        snapshot_month,
        column_name,
        count(*) as distinct_texts,
        count(*) filter (where name_masks + id_masks + phone_masks > 0) as texts_masked,
        sum(name_masks)::bigint as name_masks,
        sum(id_masks)::bigint as id_masks,
        sum(phone_masks)::bigint as phone_masks
    from masked
    group by all
),

final as (
    select
        snapshot_month,
        column_name,
        case column_name when 'project_name' then '项目名称' when 'responsible_unit' then '责任单位' when 'warning_value' then '警告原值' else column_name end as column_label,
        distinct_texts,
        texts_masked,
        name_masks,
        id_masks,
        phone_masks,
        name_masks + id_masks + phone_masks as masks
    from counted
)

select * from final
