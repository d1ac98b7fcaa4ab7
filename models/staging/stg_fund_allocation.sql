-- materialized: view
-- One row per allocation per month (cumulative ledger as of that month).
select
    snapshot_month,
    allocation_id,
    project_id,
    project_name,
    fund_category,
    village_code,
    amount,
    allocated_date,
    _load_id as load_id
from raw.fund_allocation
