-- 自由文本打码：项目名称、责任单位中隐去的姓名、证件号和电话的数目（每个自由文本列每月一行）。只列出公开的列：模型新增的列不会自动发布。
select
  snapshot_month,
  column_name,
  column_label,
  distinct_texts,
  texts_masked,
  name_masks,
  id_masks,
  phone_masks,
  masks
from marts.mart_free_text_masks
