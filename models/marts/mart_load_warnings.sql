-- Warnings of the loads, counted per month, file, column, rule and value as written: rows whose
-- descriptive value (问题来源, 致贫原因, 资金类别) was not a standard one and was loaded as 其他.
-- These rows are loaded (they count in every indicator); the warning says what was typed, so an
-- office can add a synonym or correct its ledger.
with warnings as (
    select * from staging.stg_warnings
),

counted as (
    select
        snapshot_month,
        entity,
        source_file_name,
        column_name,
        header,
        rule,
        value,
        count(distinct (load_id, row_number)) as rows_warned,
        min(row_number) as first_row
    from warnings
    group by all
),

final as (
    select
        c.snapshot_month,
        c.entity,
        l.entity_label,
        l.entity_order,
        c.source_file_name,
        c.column_name,
        c.header,
        c.rule,
        case c.rule when 'enum_other' then '非标准取值，按“其他”加载' else c.rule end as rule_label,
        c.value,
        c.rows_warned,
        c.first_row
    from counted c
    join intermediate.int_ledgers l using (entity)
)

select * from final
