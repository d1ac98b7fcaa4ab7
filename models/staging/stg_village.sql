-- materialized: view
-- One row per village per month, personal columns (责任人, 联系电话) left behind in raw.
with source as (
    select * from raw.village
),

final as (
    select
        snapshot_month,
        village_code,
        village_name,
        left(village_code, 9) as town_code,
        town_name,
        left(village_code, 6) as county_code,
        county_name,
        left(village_code, 4) as city_code,
        left(village_code, 2) as province_code,
        village_category,
        village_category <> '非贫困村' as is_poor_village,
        agri_households,
        agri_population,
        registered_poor_households,
        registered_poor_people,
        unlifted_households,
        unlifted_people,
        monitored_households,
        edge_households,
        collective_income as collective_income_wan,
        has_hardened_road,
        has_broadband,
        has_clinic,
        has_cooperative,
        has_industry_project,
        _load_id as load_id
    from source
)

select * from final
