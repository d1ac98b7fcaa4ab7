-- One row per household per month with its state last month, for transitions and resolved gaps,
-- and the month's income line.
with households as (
    select h.*, left(h.village_code, 2) as province_code from staging.stg_household h
),

with_previous as (
    select
        h.*,
        lag(h.snapshot_month) over w as prev_month,
        lag(h.monitor_type) over w as prev_monitor_type,
        lag(h.risk_eliminated) over w as prev_risk_eliminated,
        lag(h.is_unlifted) over w as prev_is_unlifted,
        lag(h.food_clothing_ok) over w as prev_food_clothing_ok,
        lag(h.education_ok) over w as prev_education_ok,
        lag(h.medical_ok) over w as prev_medical_ok,
        lag(h.housing_ok) over w as prev_housing_ok,
        lag(h.water_ok) over w as prev_water_ok,
        bool_or(h.risk_eliminated) over (partition by h.household_id order by h.snapshot_month rows between unbounded preceding and 1 preceding) as ever_eliminated_before
    from households h
    window w as (partition by h.household_id order by h.snapshot_month)
),

final as (
    select
        w.*,
        l.income_line,
        w.net_income_per_capita < l.income_line as below_line,
        -- months in the last six snapshots (this one included) with income above the line
        count(*) filter (where w.net_income_per_capita >= l.income_line) over (
            partition by w.household_id order by w.snapshot_month rows between 5 preceding and current row
        ) as months_above_line_last6
    from with_previous w
    left join intermediate.int_income_line l using (snapshot_month, province_code)
)

select * from final
