/**
 * Chinese labels for people, spelled one way everywhere (logs, pages, exports).
 * Column labels come from the contracts; this holds the terms that are not columns.
 */
export const entityLabels = {
  village: '行政村基本情况',
  household: '农户信息',
  issue: '问题整改台账',
  fund_allocation: '资金下达台账',
  fund_payment: '资金支出台账',
  supervision_visit: '督导记录',
  assistance_measure: '帮扶措施台账',
} as const;

export type EntityName = keyof typeof entityLabels;

/** Rejection rules: code → Chinese and English explanation. */
export const ruleLabels = {
  required: { zh: '必填项为空', en: 'required value is empty' },
  missing_column: { zh: '文件缺少必填列', en: 'required column is missing from the file' },
  type_int: { zh: '应为整数', en: 'must be a whole number' },
  type_decimal: { zh: '应为数字', en: 'must be a number' },
  type_date: { zh: '应为日期（如2024-06-30）', en: 'must be a date (e.g. 2024-06-30)' },
  type_bool: { zh: '应为“是”或“否”', en: 'must be 是 or 否 (yes/no)' },
  type_month: { zh: '应为月份（如2024-06）', en: 'must be a month (e.g. 2024-06)' },
  enum: { zh: '不在允许的取值范围内', en: 'is not one of the allowed values' },
  min: { zh: '小于允许的最小值', en: 'is below the allowed minimum' },
  max: { zh: '大于允许的最大值', en: 'is above the allowed maximum' },
  pattern: { zh: '格式不正确', en: 'has the wrong format' },
  id_check_digit: { zh: '身份证号校验位错误（GB 11643）', en: 'ID number check digit is wrong (GB 11643)' },
  duplicate_key: { zh: '主键重复', en: 'duplicate key' },
  enum_other: { zh: '不是标准取值，已按“其他”加载，原值见本警告', en: 'not a standard value; loaded as "other", the value as written is kept here' },
  village_unresolved: { zh: '按名称找不到对应的行政村', en: 'no village of that name' },
  village_ambiguous: { zh: '名称对应多个行政村，无法确定', en: 'the name matches several villages' },
  unknown_project: { zh: '项目编号在资金下达台账中不存在，无法确定资金类别和所属区划', en: 'the project is not in the allocation ledger' },
  month_mismatch: { zh: '数据月份与本次加载月份不一致', en: 'data month differs from the month being loaded' },
  too_many_columns: { zh: '该行的列数多于表头', en: 'row has more cells than the header' },
  row_rule: { zh: '行内逻辑校验不通过', en: 'row-level rule failed' },
} as const;

export type RuleCode = keyof typeof ruleLabels;

/** The kinds of red flag (mart_red_flags.flag_type), in the order lists and reports show them. */
export const RED_FLAG_TYPES = ['落后村', '逾期问题', '资金落后', '未督导村', '风险消除不合规'] as const;

export const loadStatusLabels = {
  loaded: '已加载',
  checked: '校验通过（未写入）',
  unchanged: '文件未变化，已跳过',
  failed: '失败',
} as const;
