-- 三类重点户 at household level, one row per household per month: 未脱贫户; 脱贫监测户 (脱贫不稳定户,
-- risk not eliminated); 边缘户 (边缘易致贫户, risk not eliminated). The one place these are defined:
-- mart_key_households counts them, mart_measure_coverage asks which of them have a measure.
with households as (
    select * from staging.stg_household
),

final as (
    select
        snapshot_month,
        household_id,
        household_key,
        village_code,
        family_size,
        is_unlifted as is_key_unlifted,
        monitor_type = '脱贫不稳定户' and is_monitored_at_risk as is_key_monitored,
        monitor_type = '边缘易致贫户' and is_monitored_at_risk as is_key_edge,
        monitor_type = '突发严重困难户' and is_monitored_at_risk as is_sudden_hardship,
        case
            when is_unlifted then '未脱贫户'
            when monitor_type = '脱贫不稳定户' and is_monitored_at_risk then '脱贫监测户'
            when monitor_type = '边缘易致贫户' and is_monitored_at_risk then '边缘户'
        end as key_type
    from households
)

select * from final
