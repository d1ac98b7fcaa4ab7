-- The income line for each month and province: the province's own line for that year if set,
-- else the default ('*'); a year without a line uses the latest earlier year's.
with provinces as (
    select distinct left(village_code, 2) as province_code from intermediate.int_village_areas
),

lines as (
    select scope, year, value from meta.parameters where name = 'income_line'
),

candidates as (
    select
        m.snapshot_month,
        p.province_code,
        l.value as income_line,
        l.year as line_year,
        row_number() over (
            partition by m.snapshot_month, p.province_code
            order by (l.scope = p.province_code) desc, l.year desc
        ) as preference
    from intermediate.int_months m
    cross join provinces p
    join lines l on l.year <= m.year and (l.scope = p.province_code or l.scope = '*')
),

final as (
    select snapshot_month, province_code, income_line, line_year
    from candidates
    where preference = 1
)

select * from final
