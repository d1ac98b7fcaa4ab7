-- 一个区划（页面参数 code）每月的主要指标，最新月份在前。指标定义只在 mart_kpi 一处。
select *, snapshot_month as month from warehouse.mart_kpi
where area_code = '${params.code}'
order by snapshot_month desc
