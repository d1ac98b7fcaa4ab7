-- 调度会月报幻灯片清单：标题与结论句（每个区划每月每张幻灯片一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  month_key,
  area_code,
  area_name,
  slide_no,
  slide_key,
  title,
  message
from marts.mart_deck_slides
order by area_code, snapshot_month, slide_no
