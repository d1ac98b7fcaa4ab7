import { z } from 'zod';
import { col, defineContract } from './define.ts';
import { dataMonth, placeColumns, villageCode } from './shared-columns.ts';

/**
 * 督导记录: seed 003 asks 市、县挂牌督战队伍 to supervise every listed village at least once a month
 * and to keep a 督战台帐; seed 000 organises the work in seven 专项工作组. One row per visit; each
 * month's file is the ledger as it stands at the month's end (a file holding only the month's
 * visits loads the same way: coverage reads each month's visits from that month's snapshot).
 */

export const SUPERVISION_LEVELS = ['省级', '市级', '县级'] as const;

/** Seed 000's seven 专项工作组, and 其他 for a visit whose group is written some other way. */
export const WORK_GROUPS = ['义务教育', '基本医疗', '住房安全', '饮水安全', '产业就业', '易地搬迁', '综合兜底', '其他'] as const;

/** How seed 000 and county ledgers name the groups. */
export const WORK_GROUP_SYNONYMS = {
  义务教育保障专项工作组: '义务教育',
  义务教育保障: '义务教育',
  教育保障: '义务教育',
  教育: '义务教育',
  基本医疗保障专项工作组: '基本医疗',
  基本医疗保障: '基本医疗',
  医疗保障: '基本医疗',
  医疗: '基本医疗',
  住房安全保障专项工作组: '住房安全',
  住房安全保障: '住房安全',
  住房: '住房安全',
  饮用水安全保障工作组: '饮水安全',
  饮用水安全保障: '饮水安全',
  饮水安全保障: '饮水安全',
  饮水: '饮水安全',
  '产业、就业扶贫专项工作组': '产业就业',
  '产业、就业扶贫': '产业就业',
  产业就业扶贫: '产业就业',
  产业扶贫: '产业就业',
  就业扶贫: '产业就业',
  '产业、就业': '产业就业',
  易地扶贫搬迁专项工作组: '易地搬迁',
  易地扶贫搬迁: '易地搬迁',
  搬迁: '易地搬迁',
  综合性兜底保障工作组: '综合兜底',
  综合性兜底保障: '综合兜底',
  兜底保障: '综合兜底',
  兜底: '综合兜底',
} as const;

export const SUPERVISION_METHODS = ['实地', '座谈', '电话', '视频', '暗访', '查阅资料', '其他'] as const;

export const supervisionVisitContract = defineContract({
  entity: 'supervision_visit',
  label: '督导记录',
  grain: '每次督导一行（截至当月的督战台账）',
  key: ['visit_id'],
  fileHints: ['督导', '督战记录', '督战台账', 'visit'],
  columns: {
    visit_id: col.text({ headers: ['督导编号', '督导记录编号', '督战记录编号'], doc: '一次督导在督战台账中的唯一编号', required: true }),
    visit_date: col.date({ headers: ['督导日期', '督导时间', '日期'], doc: '到村督导（或电话、座谈督导）的日期', required: true }),
    village_code: villageCode(),
    ...placeColumns(),
    supervision_level: col.enumOf(SUPERVISION_LEVELS, {
      headers: ['督战级别', '督导级别', '督战队伍级别'],
      doc: '开展督导的督战队伍级别：省级、市级或县级（seed 003：市级定点督战队督省级挂牌村，县级督市级挂牌村）',
      required: true,
      synonyms: { 省: '省级', 省级督战: '省级', 省督战队: '省级', 市: '市级', 市级督战: '市级', 市督战队: '市级', 县: '县级', 县级督战: '县级', 县督战队: '县级', 县市区级: '县级' },
      // Rejected: the level is a dimension of 督导覆盖率; a guess would move a visit between levels.
      unknown: { action: 'reject' },
    }),
    work_group: col.enumOf(WORK_GROUPS, {
      headers: ['专项工作组', '督导工作组', '工作组'],
      doc: 'seed 000 的七个专项工作组：义务教育、基本医疗、住房安全、饮水安全、产业就业、易地搬迁、综合兜底',
      required: true,
      synonyms: WORK_GROUP_SYNONYMS,
      // Warned: the visit happened whatever its group is called; refusing it would show a visited village as not visited.
      unknown: { action: 'warn', other: '其他', why: '工作组只用于分组统计；拒收会让一次真实的督导从覆盖率中消失，村被误报为未督导' },
    }),
    method: col.enumOf(SUPERVISION_METHODS, {
      headers: ['督导方式', '督战方式'],
      doc: '实地、座谈、电话、视频、暗访或查阅资料',
      synonyms: { 实地督导: '实地', 实地查看: '实地', 进村入户: '实地', 入户: '实地', 走访: '实地', 座谈会: '座谈', 召开座谈会: '座谈', 电话督导: '电话', 电话调度: '电话', 视频会议: '视频', 视频调度: '视频', 明察暗访: '暗访', 查阅台账: '查阅资料', 查阅档案: '查阅资料' },
      // Warned: the method only describes the visit.
      unknown: { action: 'warn', other: '其他', why: '督导方式只用于描述；拒收会让一次真实的督导从覆盖率中消失' },
    }),
    issues_found: col.int({ headers: ['发现问题数', '发现问题个数', '问题数'], doc: '本次督导发现的问题个数（应与问题整改台账中来源为督战的问题相符）', min: 0, max: 1000 }),
    leader_name: col.text({ headers: ['带队领导', '带队领导姓名', '督导组长'], doc: '督导带队领导姓名', personal: true }),
    feedback_date: col.date({ headers: ['反馈日期', '反馈时间', '情况反馈日期'], doc: '向督战对象反馈督导情况的日期（seed 003：及时向督战对象反馈情况）' }),
    data_month: dataMonth(),
  },
  rowRules: [
    {
      code: 'feedback_before_visit',
      column: 'feedback_date',
      violation: 'feedback_date < visit_date',
      zh: '反馈日期早于督导日期',
      en: 'feedback dated before the visit',
    },
    {
      code: 'visit_after_data_month',
      column: 'visit_date',
      violation: 'visit_date > last_day(data_month)',
      zh: '督导日期晚于数据月份（台账只能记录已开展的督导）',
      en: 'visit dated after the data month',
    },
  ],
});

export type SupervisionVisitRow = z.infer<typeof supervisionVisitContract.schema>;
