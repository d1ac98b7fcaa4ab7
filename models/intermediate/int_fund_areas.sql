-- Bridge from the code a fund is booked to (a village, a town or a whole county) to the areas it
-- rolls up into. A county-level allocation counts at the county and the city, a town-level one
-- from the town up: never spread down to villages it was not given to.
with villages as (
    select * from intermediate.int_village_areas
),

towns as (
    select distinct v.area_code as booked_code, up.area_level, up.level_order, up.area_code, up.area_name, up.parent_code
    from villages v
    join villages up on up.village_code = v.village_code and up.level_order >= 2
    where v.area_level = 'town'
),

counties as (
    select distinct v.area_code as booked_code, up.area_level, up.level_order, up.area_code, up.area_name, up.parent_code
    from villages v
    join villages up on up.village_code = v.village_code and up.level_order >= 3
    where v.area_level = 'county'
),

final as (
    select village_code as booked_code, area_level, level_order, area_code, area_name, parent_code from villages
    union all
    select * from towns
    union all
    select * from counties
)

select * from final
