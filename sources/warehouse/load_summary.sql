-- 数据加载情况：每类台账每月的读取、加载、拒收行数（只含计数，不含任何个人信息）
select
  entity,
  snapshot_month,
  sum(rows_read) as rows_read,
  sum(rows_loaded) as rows_loaded,
  sum(rows_rejected) as rows_rejected,
  max(finished_at) as last_loaded_at
from meta.loads
where status = 'loaded'
  and (entity, snapshot_month, batch_id) in (
    select (entity, snapshot_month, max(batch_id)) from meta.loads where status = 'loaded' group by entity, snapshot_month
  )
group by entity, snapshot_month
order by snapshot_month, entity
