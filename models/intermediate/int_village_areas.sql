-- Bridge from each village to the areas it rolls up into (itself, its town, county, city).
-- Aggregations join here and group by area. A village is named from its latest snapshot; a village
-- that only the households, issue or fund ledgers mention (its village file has not arrived, or
-- never will) is named, and placed in its town and county, from the national register. A town or
-- county the warehouse's own village files name keeps that name.
with latest as (
    select *
    from staging.stg_village
    qualify row_number() over (partition by village_code order by snapshot_month desc) = 1
),

mentioned as (
    select distinct village_code from staging.stg_household
    union
    select distinct village_code from staging.stg_issue
    union
    select distinct village_code from staging.stg_fund_allocation where length(village_code) = 12
    union
    select distinct village_code from staging.stg_fund_payment where length(village_code) = 12
),

unregistered as (
    select m.village_code
    from mentioned m
    where not exists (select 1 from latest l where l.village_code = m.village_code)
),

national as (
    select * from staging.stg_national_village
    where village_code in (select village_code from unregistered)
),

town_names as (
    select town_code, arg_max(town_name, snapshot_month) as town_name from latest group by all
),

county_names as (
    select county_code, arg_max(county_name, snapshot_month) as county_name from latest group by all
),

city_names as (
    select distinct city_code, city_name from staging.stg_national_village
),

villages as (
    select village_code, village_name, town_code, town_name, county_code, county_name, city_code, province_code
    from latest
    union all
    -- A code the national register does not know still rolls up by its digits; it is named by them.
    select
        u.village_code,
        coalesce(n.village_name, u.village_code),
        left(u.village_code, 9),
        coalesce(t.town_name, n.town_name, left(u.village_code, 9)),
        left(u.village_code, 6),
        coalesce(c.county_name, n.county_name, left(u.village_code, 6)),
        left(u.village_code, 4),
        left(u.village_code, 2)
    from unregistered u
    left join national n using (village_code)
    left join town_names t on t.town_code = left(u.village_code, 9)
    left join county_names c on c.county_code = left(u.village_code, 6)
),

levels as (
    select village_code, 'village' as area_level, 1 as level_order, village_code as area_code, village_name as area_name, town_code as parent_code from villages
    union all
    select village_code, 'town', 2, town_code, town_name, county_code from villages
    union all
    select village_code, 'county', 3, county_code, county_name, city_code from villages
    union all
    select v.village_code, 'city', 4, v.city_code, coalesce(c.city_name, v.city_code || '市'), v.province_code
    from villages v
    left join city_names c using (city_code)
),

final as (
    select * from levels
)

select * from final
