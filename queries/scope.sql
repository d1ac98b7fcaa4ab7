-- 本报告的范围（每页共用，Evidence 查询文件）：包含全部行政村的最低一级区划。
-- 规则只写在 mart_kpi.is_report_scope 一处；exports/scope.ts 读同一列。
select distinct area_code, area_name, area_level, area_level_label, villages
from warehouse.mart_kpi
where is_report_scope
