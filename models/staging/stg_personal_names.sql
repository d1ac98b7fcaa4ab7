-- materialized: view
-- One row per person's name per month and county, from every personal name column of raw
-- (户主、帮扶责任人、村责任人、问题责任人、收款人). Free text is masked against these names, so a
-- project named after a household cannot carry the name out; the list itself never leaves staging.
with named as (
    select snapshot_month, village_code, head_name as person_name from raw.household
    union all
    select snapshot_month, village_code, helper_name from raw.household
    union all
    select snapshot_month, village_code, responsible_person from raw.village
    union all
    select snapshot_month, village_code, responsible_person from raw.issue
    union all
    select snapshot_month, village_code, payee_name from raw.fund_payment
),

final as (
    select distinct
        snapshot_month,
        left(village_code, 6) as county_code,
        trim(person_name) as person_name
    from named
    -- a name is two or more Chinese characters (·for minority names); anything else cannot be matched in text
    where regexp_full_match(trim(person_name), '[\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{f900}-\x{faff}·]{2,8}')
)

select * from final
