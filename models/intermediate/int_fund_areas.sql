-- Bridge from the code a fund is booked to (a village, a town or a whole county) to the areas it
-- rolls up into. A county-level allocation counts at the county and the city, a town-level one
-- from the town up: never spread down to villages it was not given to. A town or county no
-- village of the warehouse lies in (its village file has not arrived) is named from the national
-- register.
with villages as (
    select * from intermediate.int_village_areas
),

known_areas as (
    select distinct area_level, level_order, area_code, area_name, parent_code
    from villages
    where area_level <> 'village'
),

national_areas as (
    select distinct 'town' as area_level, 2 as level_order, town_code as area_code, town_name as area_name, county_code as parent_code
    from staging.stg_national_village
    union all
    select distinct 'county', 3, county_code, county_name, city_code from staging.stg_national_village
    union all
    select distinct 'city', 4, city_code, city_name, province_code from staging.stg_national_village
),

areas as (
    select * from known_areas
    union all
    select * from national_areas n
    where not exists (select 1 from known_areas k where k.area_code = n.area_code)
),

booked as (
    select distinct village_code as booked_code
    from staging.stg_fund_allocation
    where length(village_code) in (6, 9)
),

above as (
    -- the booked area itself and the areas above it: a town's county and city, a county's city
    select b.booked_code, a.area_level, a.level_order, a.area_code, a.area_name, a.parent_code
    from booked b
    join areas a
        on a.area_code in (b.booked_code, left(b.booked_code, 6), left(b.booked_code, 4))
),

final as (
    select village_code as booked_code, area_level, level_order, area_code, area_name, parent_code from villages
    union all
    select * from above
)

select * from final
