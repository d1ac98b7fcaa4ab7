-- One row per area (village, town, county, city) with its parent.
with areas as (
    select distinct area_level, level_order, area_code, area_name, parent_code
    from intermediate.int_village_areas
),

final as (
    select
        a.area_code,
        a.area_level,
        case a.area_level when 'village' then '行政村' when 'town' then '乡镇' when 'county' then '县市区' else '市州' end as area_level_label,
        a.level_order,
        a.area_name,
        a.parent_code,
        p.area_name as parent_name,
        (select count(distinct v.village_code) from intermediate.int_village_areas v where v.area_code = a.area_code) as villages
    from areas a
    left join (select distinct area_code, area_name from intermediate.int_village_areas) p on p.area_code = a.parent_code
)

select * from final
