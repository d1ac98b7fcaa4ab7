-- Income against the line per area per month: households and people below the line and within
-- 1.5× of it, and the 人均纯收入 distribution (quartiles). 人均纯收入 = (四项收入 − 生产经营性支出) ÷ 家庭人口数.
with households as (
    select h.*, p.near_line_multiplier
    from intermediate.int_household_months h
    cross join intermediate.int_parameters p
    where h.net_income_per_capita is not null
),

final as (
    select
        h.snapshot_month,
        a.area_code,
        a.area_level,
        a.area_name,
        max(h.income_line) as income_line,
        count(*) as households,
        count(*) filter (where h.below_line) as below_line_households,
        coalesce(sum(h.family_size) filter (where h.below_line), 0) as below_line_people,
        count(*) filter (where not h.below_line and h.net_income_per_capita < h.income_line * h.near_line_multiplier) as near_line_households,
        coalesce(sum(h.family_size) filter (where not h.below_line and h.net_income_per_capita < h.income_line * h.near_line_multiplier), 0) as near_line_people,
        count(*) filter (where h.below_line and h.is_registered_poor) as below_line_registered_households,
        quantile_cont(h.net_income_per_capita, 0.1) as p10_income_per_capita,
        quantile_cont(h.net_income_per_capita, 0.25) as p25_income_per_capita,
        quantile_cont(h.net_income_per_capita, 0.5) as median_income_per_capita,
        quantile_cont(h.net_income_per_capita, 0.75) as p75_income_per_capita,
        avg(h.net_income_per_capita) as mean_income_per_capita
    from households h
    join intermediate.int_village_areas a using (village_code)
    group by all
)

select * from final
