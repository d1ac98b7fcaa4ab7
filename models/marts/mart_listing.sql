-- 挂牌督战 listing per village per month, by seed 003's rules on the village's own figures:
-- 省级 = 建档立卡贫困人口 ≥ 500 or 未脱贫人口 ≥ 30; 市级 = 建档立卡贫困人口 ≥ 300 or 未脱贫人口 ≥ 20,
-- excluding villages already 省级. Thresholds come from meta.parameters.
with v as (
    select s.*, p.*
    from staging.stg_village s
    cross join intermediate.int_parameters p
),

rules as (
    select
        snapshot_month,
        village_code,
        village_name,
        town_name,
        county_name,
        registered_poor_people,
        unlifted_people,
        registered_poor_people >= listing_province_registered_poor as province_by_registered,
        unlifted_people >= listing_province_unlifted as province_by_unlifted,
        registered_poor_people >= listing_city_registered_poor as city_by_registered,
        unlifted_people >= listing_city_unlifted as city_by_unlifted,
        listing_province_registered_poor, listing_province_unlifted, listing_city_registered_poor, listing_city_unlifted
    from v
),

final as (
    select
        snapshot_month,
        village_code,
        village_name,
        town_name,
        county_name,
        registered_poor_people,
        unlifted_people,
        province_by_registered or province_by_unlifted as meets_province,
        not (province_by_registered or province_by_unlifted) and (city_by_registered or city_by_unlifted) as meets_city,
        city_by_registered and city_by_unlifted as meets_both_city_thresholds,
        case
            when province_by_registered or province_by_unlifted then '省级'
            when city_by_registered or city_by_unlifted then '市级'
        end as listing_level,
        concat_ws('；',
            case when province_by_registered then format('建档立卡贫困人口{}人≥{}', registered_poor_people, listing_province_registered_poor::integer) end,
            case when province_by_unlifted then format('未脱贫人口{}人≥{}', unlifted_people, listing_province_unlifted::integer) end,
            case when not (province_by_registered or province_by_unlifted) and city_by_registered then format('建档立卡贫困人口{}人≥{}', registered_poor_people, listing_city_registered_poor::integer) end,
            case when not (province_by_registered or province_by_unlifted) and city_by_unlifted then format('未脱贫人口{}人≥{}', unlifted_people, listing_city_unlifted::integer) end
        ) as listing_reason
    from rules
)

select * from final
