import { z } from 'zod';
import { col, defineContract } from './define.ts';
import { dataMonth, householdId, placeColumns, villageCode } from './shared-columns.ts';

/**
 * 帮扶措施 (一户一策, seeds 000 and 001): each household's measures, one row per measure, as the
 * ledger stands at the month's end. Whether a key household has a measure, and whether a
 * household marked 风险消除 ever had one, are read from here.
 */

export const MEASURE_CATEGORIES = [
  '到户产业', '务工就业', '公益岗位', '兜底保障', '教育帮扶', '医疗帮扶', '住房保障', '饮水保障', '小额信贷', '易地搬迁', '其他',
] as const;

/** How the monitoring system and county ledgers name the measures (seed 001's 一户一策 menu among them). */
export const MEASURE_CATEGORY_SYNONYMS = {
  产业帮扶: '到户产业',
  产业扶持: '到户产业',
  到户产业奖补: '到户产业',
  到户产业扶持: '到户产业',
  发展产业: '到户产业',
  就业帮扶: '务工就业',
  务工补助: '务工就业',
  转移就业: '务工就业',
  外出务工: '务工就业',
  就业扶持: '务工就业',
  技能培训: '务工就业',
  公益性岗位: '公益岗位',
  公益岗: '公益岗位',
  乡村振兴公益专岗: '公益岗位',
  综合保障: '兜底保障',
  社会救助: '兜底保障',
  低保: '兜底保障',
  特困供养: '兜底保障',
  临时救助: '兜底保障',
  兜底: '兜底保障',
  教育扶持: '教育帮扶',
  教育资助: '教育帮扶',
  控辍保学: '教育帮扶',
  健康帮扶: '医疗帮扶',
  医疗保障: '医疗帮扶',
  医疗救助: '医疗帮扶',
  危房改造: '住房保障',
  住房安全保障: '住房保障',
  饮水安全: '饮水保障',
  饮水安全保障: '饮水保障',
  扶贫小额信贷: '小额信贷',
  金融帮扶: '小额信贷',
  小额贷款: '小额信贷',
  易地扶贫搬迁: '易地搬迁',
  搬迁后续帮扶: '易地搬迁',
} as const;

export const MEASURE_STATUSES = ['计划', '实施中', '已完成', '已终止'] as const;

export const assistanceMeasureContract = defineContract({
  entity: 'assistance_measure',
  label: '帮扶措施台账',
  grain: '每户每条帮扶措施一行（截至当月的累计台账）',
  key: ['household_id', 'measure_category', 'start_date'],
  fileHints: ['帮扶措施', '一户一策', '措施', 'measure'],
  columns: {
    household_id: householdId(true),
    village_code: villageCode(),
    ...placeColumns(),
    measure_category: col.enumOf(MEASURE_CATEGORIES, {
      headers: ['措施类别', '帮扶措施类别', '帮扶措施类型', '措施类型'],
      doc: '帮扶措施类别（一户一策菜单）：到户产业、务工就业、公益岗位、兜底保障、教育、医疗、住房、饮水、小额信贷、易地搬迁',
      required: true,
      synonyms: MEASURE_CATEGORY_SYNONYMS,
      // Warned: a measure is a measure whatever it is called; refusing it would mark a helped household as having none.
      unknown: { action: 'warn', other: '其他', why: '类别只用于分组统计；拒收会让一户被误判为“无帮扶措施”' },
    }),
    start_date: col.date({ headers: ['开始日期', '措施开始日期', '开始时间', '落实日期'], doc: '措施开始落实的日期', required: true }),
    end_date: col.date({ headers: ['结束日期', '措施结束日期', '结束时间', '完成日期'], doc: '措施完成或终止的日期；实施中的措施为空' }),
    status: col.enumOf(MEASURE_STATUSES, {
      headers: ['状态', '措施状态', '落实状态'],
      doc: '计划、实施中、已完成或已终止；实施中和已完成的措施算作已落实',
      required: true,
      synonyms: { 拟实施: '计划', 待实施: '计划', 未开始: '计划', 进行中: '实施中', 在实施: '实施中', 落实中: '实施中', 已落实: '已完成', 完成: '已完成', 已结束: '已完成', 中止: '已终止', 终止: '已终止', 已取消: '已终止' },
      // Rejected: the status decides whether a household counts as helped.
      unknown: { action: 'reject' },
    }),
    amount: col.decimal({ headers: ['金额（元）', '金额', '帮扶金额', '资金金额'], doc: '措施涉及的资金（奖补、工资、贷款等）；无资金的措施为空', unit: '元', min: 0, max: 10_000_000 }),
    responsible_unit: col.text({ headers: ['责任单位', '帮扶单位'], doc: '落实措施的单位（自由文本，只留在原始层）' }),
    data_month: dataMonth(),
  },
  rowRules: [
    {
      code: 'measure_ends_before_start',
      column: 'end_date',
      violation: 'end_date < start_date',
      zh: '结束日期早于开始日期',
      en: 'the measure ends before it starts',
    },
    {
      code: 'measure_done_without_end',
      column: 'end_date',
      violation: "status in ('已完成', '已终止') and end_date is null",
      zh: '已完成或已终止的措施须填写结束日期',
      en: 'a finished measure needs its end date',
    },
  ],
});

export type AssistanceMeasureRow = z.infer<typeof assistanceMeasureContract.schema>;
