-- 防返贫监测状态转换：新识别、风险消除、回退及风险未消除存量（每个区划每月每种监测对象类型一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  area_code,
  area_level,
  area_name,
  monitor_type,
  newly_identified_households,
  eliminated_households,
  relapsed_households,
  at_risk_households,
  at_risk_people,
  eliminated_breaking_rules_households
from marts.mart_monitoring_transitions
