-- materialized: view
-- One row per payment per month (cumulative ledger as of that month); the payee's name stays in raw.
select
    snapshot_month,
    payment_id,
    project_id,
    fund_category,
    village_code,
    household_id,
    amount,
    paid_date,
    _load_id as load_id
from raw.fund_payment
