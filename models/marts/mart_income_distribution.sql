-- 人均纯收入 distribution in 2000元 bands per area per month (households and people per band).
with banded as (
    select
        snapshot_month,
        village_code,
        family_size,
        least(greatest(floor(net_income_per_capita / 2000), 0), 15)::integer as band
    from intermediate.int_household_months
    where net_income_per_capita is not null
),

final as (
    select
        b.snapshot_month,
        a.area_code,
        a.area_level,
        b.band,
        b.band * 2000 as band_from,
        case when b.band = 15 then null else (b.band + 1) * 2000 end as band_to,
        case when b.band = 15 then '30000元以上' else (b.band * 2000)::varchar || '–' || ((b.band + 1) * 2000)::varchar || '元' end as band_label,
        count(*) as households,
        sum(b.family_size) as people
    from banded b
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final
