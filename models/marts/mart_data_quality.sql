-- Data quality per village per month: rows rejected at load by rule (重户, ID check digit, …),
-- 漏户 (a household of last month missing now, not even among the rejects), income arithmetic,
-- village totals that disagree with the household roll-up, policy-cap breaches, eliminations that
-- break the rules, and whether the village sent its snapshots.
with villages as (
    select distinct village_code from intermediate.int_village_areas
),

spine as (
    select m.snapshot_month, m.previous_month, v.village_code
    from intermediate.int_months m cross join villages v
),

rejects as (
    select
        snapshot_month,
        village_code,
        count(distinct (source_file_name, row_number)) filter (where entity = 'household') as household_rows_rejected,
        count(distinct (source_file_name, row_number)) filter (where entity = 'household' and rule = 'duplicate_key') as duplicate_household_rows,
        count(distinct (source_file_name, row_number)) filter (where entity = 'household' and rule = 'id_check_digit') as id_check_digit_errors,
        count(distinct (source_file_name, row_number)) filter (where entity <> 'household') as other_rows_rejected
    from staging.stg_rejects
    where village_code is not null
    group by all
),

rejected_keys as (
    select distinct snapshot_month, record_key as household_id from staging.stg_rejects where entity = 'household'
),

households as (
    select
        snapshot_month,
        village_code,
        count(*) as households,
        count(*) filter (where is_registered_poor) as registered_poor_households,
        coalesce(sum(family_size) filter (where is_registered_poor), 0) as registered_poor_people,
        count(*) filter (where is_unlifted) as unlifted_households,
        coalesce(sum(family_size) filter (where is_unlifted), 0) as unlifted_people,
        sum(family_size) as people,
        count(*) filter (where reported_net_income_per_capita is not null
            and abs(reported_net_income_per_capita - net_income_per_capita) > 1) as income_arithmetic_errors
    from intermediate.int_household_months
    group by all
),

missing as (
    select cur.snapshot_month, prev.village_code, count(*) as missing_households
    from intermediate.int_months cur
    join staging.stg_household prev on prev.snapshot_month = cur.previous_month
    where not exists (select 1 from staging.stg_household h where h.snapshot_month = cur.snapshot_month and h.household_id = prev.household_id)
      and not exists (select 1 from rejected_keys r where r.snapshot_month = cur.snapshot_month and r.household_id = prev.household_id)
    group by all
),

caps as (
    select snapshot_month, village_code, count(*) as cap_breaches
    from marts.mart_fund_cap_breaches
    group by all
),

-- 风险消除 marked this month against a rule (defined once, in mart_elimination_compliance)
eliminations as (
    select snapshot_month, area_code as village_code, sum(eliminated_breaking_rules_households) as elimination_rule_breaches
    from marts.mart_monitoring_transitions
    where area_level = 'village'
    group by all
),

final as (
    select
        s.snapshot_month,
        s.village_code,
        a.area_name as village_name,
        v.village_code is not null as village_reported,
        coalesce(h.households, 0) > 0 as households_reported,
        coalesce(h.households, 0) as households_loaded,
        coalesce(r.household_rows_rejected, 0) as household_rows_rejected,
        coalesce(r.duplicate_household_rows, 0) as duplicate_household_rows,
        coalesce(r.id_check_digit_errors, 0) as id_check_digit_errors,
        coalesce(r.other_rows_rejected, 0) as other_rows_rejected,
        case when s.previous_month is null then 0 else coalesce(mi.missing_households, 0) end as missing_households,
        coalesce(h.income_arithmetic_errors, 0) as income_arithmetic_errors,
        v.agri_households is distinct from h.households
            or v.registered_poor_households is distinct from h.registered_poor_households
            or v.registered_poor_people is distinct from h.registered_poor_people
            or v.unlifted_households is distinct from h.unlifted_households
            or v.unlifted_people is distinct from h.unlifted_people as village_total_mismatch,
        v.unlifted_people as village_file_unlifted_people,
        h.unlifted_people as household_rollup_unlifted_people,
        coalesce(c.cap_breaches, 0) as cap_breaches,
        coalesce(e.elimination_rule_breaches, 0)::bigint as elimination_rule_breaches
    from spine s
    join intermediate.int_village_areas a on a.village_code = s.village_code and a.area_level = 'village'
    left join staging.stg_village v on v.village_code = s.village_code and v.snapshot_month = s.snapshot_month
    left join households h on h.village_code = s.village_code and h.snapshot_month = s.snapshot_month
    left join rejects r on r.village_code = s.village_code and r.snapshot_month = s.snapshot_month
    left join missing mi on mi.village_code = s.village_code and mi.snapshot_month = s.snapshot_month
    left join caps c on c.village_code = s.village_code and c.snapshot_month = s.snapshot_month
    left join eliminations e on e.village_code = s.village_code and e.snapshot_month = s.snapshot_month
)

select * from final
