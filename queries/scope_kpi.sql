-- 报告范围内每月的主要指标，最新月份在前（BigValue 取第一行）。指标定义只在 mart_kpi 一处。
select *, snapshot_month as month from warehouse.mart_kpi
where is_report_scope
order by snapshot_month desc
