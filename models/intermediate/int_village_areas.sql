-- Bridge from each village to the areas it rolls up into (itself, its town, county, city),
-- named from the village's latest snapshot. Aggregations join here and group by area.
with latest as (
    select *
    from staging.stg_village
    qualify row_number() over (partition by village_code order by snapshot_month desc) = 1
),

levels as (
    select village_code, 'village' as area_level, 1 as level_order, village_code as area_code, village_name as area_name, town_code as parent_code from latest
    union all
    select village_code, 'town', 2, town_code, town_name, county_code from latest
    union all
    select village_code, 'county', 3, county_code, county_name, city_code from latest
    union all
    select village_code, 'city', 4, city_code,
        case city_code when '4303' then '湘潭市' else city_code || '市' end, province_code
    from latest
),

final as (
    select * from levels
)

select * from final
