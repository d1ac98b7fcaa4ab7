-- materialized: view
-- One row per loaded row of every ledger: where it is (month, village or area) and how its code
-- was found at load (raw._code_source): given in the file, from the warehouse's village register
-- or the national register by its names, or from the allocation of the project a payment cites.
-- Rows loaded before the loader recorded it have none.
with source as (
    select 'village' as entity, snapshot_month, _load_id, village_code, _code_source from raw.village
    union all
    select 'household', snapshot_month, _load_id, village_code, _code_source from raw.household
    union all
    select 'issue', snapshot_month, _load_id, village_code, _code_source from raw.issue
    union all
    select 'fund_allocation', snapshot_month, _load_id, village_code, _code_source from raw.fund_allocation
    union all
    select 'fund_payment', snapshot_month, _load_id, village_code, _code_source from raw.fund_payment
),

final as (
    select
        entity,
        snapshot_month,
        _load_id as load_id,
        village_code,
        coalesce(_code_source, 'unrecorded') as code_source
    from source
)

select * from final
