import { z } from 'zod';
import { col, defineContract } from './define.ts';
import { dataMonth, householdId, villageCode } from './shared-columns.ts';
import { placeColumns } from './shared-columns.ts';

export const ISSUE_SOURCES = ['排查', '督战', '巡视', '考核', '第三方评估', '暗访', '审计', '其他'] as const;

/** How offices name the channels of seed 002's checklist (回头看"大排查", 巡视巡察, 成效考核, 审计监察 …). */
export const ISSUE_SOURCE_SYNONYMS = {
  回头看大排查: '排查',
  '回头看"大排查"': '排查',
  '回头看“大排查”': '排查',
  大排查: '排查',
  摸底排查: '排查',
  挂牌督战: '督战',
  督战发现: '督战',
  巡视巡察: '巡视',
  巡察: '巡视',
  巡视反馈: '巡视',
  成效考核: '考核',
  考核反馈: '考核',
  第三方: '第三方评估',
  明察暗访: '暗访',
  审计监察: '审计',
  审计发现: '审计',
} as const;
export const ISSUE_CATEGORIES = [
  '责任落实', '义务教育', '基本医疗', '住房安全', '饮水安全', '产业', '就业', '易地搬迁',
  '兜底保障', '金融', '基础设施', '基层党建', '村容村貌', '档案资料', '项目资金', '帮扶责任',
  '防返贫监测', '环境卫生', '政策知晓',
] as const;
export const ISSUE_STATUSES = ['待整改', '整改中', '已整改', '已销号'] as const;

export const issueContract = defineContract({
  entity: 'issue',
  label: '问题整改台账',
  grain: '每月每个问题一行',
  key: ['issue_id'],
  fileHints: ['问题', '台账', '整改', 'issue'],
  columns: {
    issue_id: col.text({ headers: ['问题编号', '编号'], doc: '问题在台账中的唯一编号', required: true }),
    village_code: villageCode(),
    ...placeColumns(),
    household_id: householdId(false),
    source: col.enumOf(ISSUE_SOURCES, {
      headers: ['问题来源', '来源'],
      doc: '发现问题的渠道',
      required: true,
      synonyms: ISSUE_SOURCE_SYNONYMS,
      // Descriptive: the source only groups issues; refusing the row would drop a real problem from the ledger.
      unknown: { action: 'warn', other: '其他', why: '问题来源只用于分类统计，不影响销号率；拒收会让一个真实问题从台账中消失' },
    }),
    category: col.enumOf(ISSUE_CATEGORIES, {
      headers: ['问题类别', '类别'],
      doc: '督战清单中的问题类别',
      required: true,
      synonyms: { 教育: '义务教育', 控辍保学: '义务教育', 医疗: '基本医疗', 住房: '住房安全', 危房改造: '住房安全', 饮水: '饮水安全', 产业发展: '产业', 就业务工: '就业', 兜底: '兜底保障', 小额信贷: '金融' },
      // Rejected, not warned: the category decides which 三保障 line an issue counts against.
      unknown: { action: 'reject' },
    }),
    description: col.text({ headers: ['问题描述', '问题表现'], doc: '问题的文字描述（自由文本，可能含人名，按个人信息处理）', required: true, personal: true }),
    found_date: col.date({ headers: ['发现日期', '发现时间'], doc: '问题发现日期', required: true }),
    deadline: col.date({ headers: ['整改时限', '整改期限'], doc: '要求整改完成的日期', required: true }),
    responsible_unit: col.text({ headers: ['责任单位'], doc: '负责整改的单位', required: true }),
    responsible_person: col.text({ headers: ['责任人'], doc: '整改责任人姓名', personal: true }),
    status: col.enumOf(ISSUE_STATUSES, { headers: ['整改状态', '状态'], doc: '待整改→整改中→已整改→已销号', required: true }),
    closed_date: col.date({ headers: ['销号日期', '销号时间'], doc: '问题销号日期' }),
    evidence: col.text({ headers: ['佐证材料'], doc: '整改佐证材料说明' }),
    data_month: dataMonth(),
  },
  rowRules: [
    {
      code: 'closed_without_date',
      column: 'closed_date',
      violation: "status = '已销号' and closed_date is null",
      zh: '已销号的问题须填写销号日期',
      en: 'a closed issue needs its closing date',
    },
    {
      code: 'closed_date_on_open_issue',
      column: 'closed_date',
      violation: "status <> '已销号' and closed_date is not null",
      zh: '未销号的问题不应有销号日期',
      en: 'an open issue has a closing date',
    },
    {
      code: 'closed_before_found',
      column: 'closed_date',
      violation: 'closed_date < found_date',
      zh: '销号日期早于发现日期',
      en: 'closed before it was found',
    },
    {
      code: 'deadline_before_found',
      column: 'deadline',
      violation: 'deadline < found_date',
      zh: '整改时限早于发现日期',
      en: 'deadline before the issue was found',
    },
  ],
});

export type IssueRow = z.infer<typeof issueContract.schema>;
