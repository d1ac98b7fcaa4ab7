import { z } from 'zod';
import { col, defineContract } from './define.ts';
import { dataMonth, householdId, mobilePhone, villageCode } from './shared-columns.ts';
import { placeColumns } from './shared-columns.ts';

export const HOUSEHOLD_TYPES = ['一般户', '脱贫户', '未脱贫户'] as const;
export const MONITOR_TYPES = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'] as const;
export const POVERTY_CAUSES = [
  '因病', '因残', '因学', '因灾', '缺土地', '缺水', '缺技术',
  '缺劳力', '缺资金', '交通条件落后', '自身发展动力不足', '其他',
] as const;
export const HOUSE_GRADES = ['A', 'B', 'C', 'D'] as const;

const income = (headers: readonly [string, ...string[]], doc: string) =>
  col.decimal({ headers, doc, unit: '元/年', min: 0, max: 10_000_000 });
const guarantee = (headers: readonly [string, ...string[]], doc: string) => col.bool({ headers, doc });

export const householdContract = defineContract({
  entity: 'household',
  label: '农户信息',
  grain: '每月每户一行',
  key: ['household_id'],
  fileHints: ['农户', '户信息', '贫困户', '监测户', 'household'],
  columns: {
    household_id: householdId(true),
    village_code: villageCode(),
    ...placeColumns(),
    head_name: col.text({ headers: ['户主姓名', '户主', '姓名'], doc: '户主姓名', required: true, personal: true }),
    id_number: col.text({
      headers: ['证件号码', '身份证号', '身份证号码', '户主身份证号'],
      doc: '户主18位公民身份号码（GB 11643，末位为校验码）',
      required: true,
      personal: true,
      pattern: { regex: '\\d{17}[0-9X]', zh: '应为18位身份证号（末位可为X）' },
      check: 'gb11643',
    }),
    phone: mobilePhone(['联系电话', '手机号码', '电话'], '农户联系电话'),
    family_size: col.int({ headers: ['家庭人口数', '家庭人口', '人口数'], doc: '共同生活的家庭成员人数', required: true, min: 1, max: 30 }),
    labor_count: col.int({ headers: ['劳动力人数', '劳动力'], doc: '有劳动能力的家庭成员人数', min: 0, max: 30 }),
    household_type: col.enumOf(HOUSEHOLD_TYPES, {
      headers: ['户类型', '户属性', '贫困户属性'],
      doc: '一般户、脱贫户或未脱贫户',
      required: true,
      synonyms: { 已脱贫户: '脱贫户', 脱贫享受政策户: '脱贫户', 非贫困户: '一般户', 未脱贫: '未脱贫户' },
      // Rejected: the type is the numerator of 贫困发生率; a guess would change the headline figure.
      unknown: { action: 'reject' },
    }),
    monitor_type: col.enumOf(MONITOR_TYPES, {
      headers: ['监测对象类型', '监测类型'],
      doc: '防返贫监测对象类型；空表示非监测对象',
      synonyms: { 脱贫不稳定: '脱贫不稳定户', 边缘易致贫: '边缘易致贫户', 边缘户: '边缘易致贫户', 突发严重困难: '突发严重困难户' },
      // Rejected: the type decides who is a 三类重点户.
      unknown: { action: 'reject' },
    }),
    risk_eliminated: col.bool({ headers: ['风险是否消除', '是否消除风险'], doc: '监测对象返贫致贫风险是否已消除' }),
    identified_date: col.date({ headers: ['识别日期', '纳入监测日期', '识别时间'], doc: '纳入监测的日期' }),
    eliminated_date: col.date({ headers: ['风险消除日期', '消除日期'], doc: '标注风险消除的日期' }),
    poverty_cause: col.enumOf(POVERTY_CAUSES, {
      headers: ['主要致贫原因', '致贫原因', '主要风险类型'],
      doc: '标准致贫（返贫）原因',
      synonyms: { 因病致贫: '因病', 因残致贫: '因残', 因学致贫: '因学', 因灾致贫: '因灾', 缺劳动力: '缺劳力', 缺技术致贫: '缺技术', 缺资金致贫: '缺资金' },
      // Descriptive: the cause only groups households; the household itself must not be lost.
      unknown: { action: 'warn', other: '其他', why: '致贫原因只用于分组统计；拒收会让这一户从全部指标中消失' },
    }),
    wage_income: income(['工资性收入', '工资性收入（元）'], '家庭年工资性收入'),
    business_income: income(['生产经营性收入', '生产经营性收入（元）'], '家庭年生产经营性收入'),
    transfer_income: income(['转移性收入', '转移性收入（元）'], '家庭年转移性收入'),
    property_income: income(['财产性收入', '财产性收入（元）'], '家庭年财产性收入'),
    business_cost: income(['生产经营性支出', '生产经营性支出（元）'], '家庭年生产经营性支出'),
    net_income_per_capita: col.decimal({
      headers: ['人均纯收入', '家庭人均纯收入', '人均纯收入（元）'],
      doc: '填报的人均纯收入；模型按（四项收入−生产经营性支出）÷家庭人口数复核',
      unit: '元/年',
      min: -1_000_000,
      max: 10_000_000,
    }),
    food_clothing_ok: guarantee(['不愁吃不愁穿', '两不愁'], '不愁吃、不愁穿是否达标'),
    education_ok: guarantee(['义务教育有保障', '义务教育保障'], '义务教育是否有保障（无辍学）'),
    medical_ok: guarantee(['基本医疗有保障', '基本医疗保障'], '基本医疗是否有保障（参保、签约）'),
    housing_grade: col.enumOf(HOUSE_GRADES, { headers: ['住房安全等级', '房屋等级', '住房等级'], doc: '房屋安全鉴定等级，C、D级为危房' }),
    housing_ok: guarantee(['住房安全有保障', '住房安全保障'], '住房安全是否有保障'),
    water_ok: guarantee(['饮水安全有保障', '饮水安全'], '饮水安全是否有保障'),
    dibao: col.bool({ headers: ['享受低保', '是否低保'], doc: '是否享受最低生活保障' }),
    tekun: col.bool({ headers: ['特困供养', '是否特困', '五保'], doc: '是否特困（五保）供养' }),
    relocated: col.bool({ headers: ['易地扶贫搬迁', '是否易地搬迁'], doc: '是否易地扶贫搬迁户' }),
    welfare_job: col.bool({ headers: ['公益岗位', '是否公益岗'], doc: '家庭成员是否在公益岗位就业' }),
    microcredit_amount: col.decimal({ headers: ['小额信贷金额', '小额信贷金额（元）'], doc: '扶贫小额信贷余额', unit: '元', min: 0, max: 500_000 }),
    microcredit_due_date: col.date({ headers: ['小额信贷到期日', '贷款到期日'], doc: '小额信贷到期日' }),
    microcredit_overdue: col.bool({ headers: ['小额信贷是否逾期', '是否逾期'], doc: '小额信贷是否逾期' }),
    helper_name: col.text({ headers: ['帮扶责任人', '帮扶人'], doc: '结对帮扶责任人姓名', personal: true }),
    helper_phone: mobilePhone(['帮扶责任人电话', '帮扶人电话'], '帮扶责任人联系电话'),
    data_month: dataMonth(),
  },
  rowRules: [
    {
      code: 'labor_exceeds_size',
      column: 'labor_count',
      violation: 'labor_count > family_size',
      zh: '劳动力人数不能大于家庭人口数',
      en: 'labour count exceeds family size',
    },
    {
      code: 'eliminated_before_identified',
      column: 'eliminated_date',
      violation: 'eliminated_date < identified_date',
      zh: '风险消除日期早于识别日期',
      en: 'risk eliminated before it was identified',
    },
    {
      code: 'eliminated_without_monitoring',
      column: 'risk_eliminated',
      violation: 'risk_eliminated and monitor_type is null',
      zh: '非监测对象不应填写“风险已消除”',
      en: 'risk marked eliminated for a household that is not monitored',
    },
  ],
});

export type HouseholdRow = z.infer<typeof householdContract.schema>;
