-- materialized: view
-- One row per broken rule per rejected row. The rejected value and the message are left in raw
-- (they may quote personal data); this keeps only where and which rule.
select
    entity,
    snapshot_month,
    load_id,
    regexp_extract(source_file, '[^/\\]+$') as source_file_name,
    sheet,
    row_number,
    record_key,
    village_code,
    column_name,
    rule
from raw.rejects
