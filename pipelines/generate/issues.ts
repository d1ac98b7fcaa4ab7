import { type ISSUE_CATEGORIES, type ISSUE_SOURCES, issueContract } from '../contracts/issue.ts';
import { Calendar } from './calendar.ts';
import { RowShape } from './cells.ts';
import { personName } from './identities.ts';
import { type HouseholdPlan, NEVER } from './households.ts';
import type { County, Town, Village } from './places.ts';
import { hash32, Rng, WeightedTable } from './random.ts';

/**
 * The 问题整改台账: issues found in 排查 waves that follow seed 003's phases — feedback from last
 * year's 考核/评估 at 部署, the big 逐村逐户 排查 in 查漏补缺, the 督战 回头看 at 全面收官, then
 * 常态化 排查, 暗访, 巡视 and 审计 through 巩固提升 — each worked on and 销号 after a lag, some past
 * their 整改时限. Household gaps (住房, 饮水, 教育, 医疗) become issues found before the gap closes.
 */

type Source = (typeof ISSUE_SOURCES)[number];
type Category = (typeof ISSUE_CATEGORIES)[number];

export interface IssuePlan {
  id: string;
  village: Village;
  household: HouseholdPlan | null;
  source: Source;
  category: Category;
  description: string;
  found: string;
  deadline: string;
  unit: string;
  person: string;
  /** Work starts (整改中), work done (已整改), verified and closed (已销号): ISO dates. */
  started: string;
  fixed: string;
  closed: string;
}

export const issueShape = new RowShape(issueContract);

const VILLAGE_CATEGORIES = new WeightedTable<Category>([
  ['档案资料', 15], ['责任落实', 8], ['产业', 10], ['就业', 8], ['基础设施', 10], ['基层党建', 5],
  ['村容村貌', 8], ['项目资金', 8], ['帮扶责任', 8], ['防返贫监测', 10], ['环境卫生', 6], ['政策知晓', 6],
  ['兜底保障', 5], ['金融', 4], ['易地搬迁', 3],
]);

const HOUSEHOLD_CATEGORIES = new Set<Category>(['就业', '帮扶责任', '防返贫监测', '环境卫生', '政策知晓', '兜底保障', '金融', '易地搬迁']);

const TEXTS: Record<Category, readonly string[]> = {
  责任落实: ['村“两委”未定期研究巩固脱贫成果工作', '驻村工作队在岗履职记录不全', '挂牌督战方案未细化到户'],
  义务教育: ['{name}户适龄子女存在辍学风险，未落实控辍保学', '{name}户学生资助政策未落实到位'],
  基本医疗: ['{name}户家庭成员未参加城乡居民基本医疗保险', '{name}户慢性病患者未办理鉴定', '{name}户未签约家庭医生'],
  住房安全: ['{name}户住房经鉴定为{grade}级危房，尚未完成改造', '{name}户危房改造后旧房未拆除'],
  饮水安全: ['{name}户旱季供水不稳定，存在缺水情况', '{name}户饮用水水质未检测'],
  产业: ['村级产业项目利益联结机制不健全', '合作社未正常运行，未进行收益分配', '{village}无稳定增收产业项目'],
  就业: ['{name}户有劳动力未落实就业帮扶', '公益岗位未建立实名信息台账', '{name}户公益岗位人岗不相适'],
  易地搬迁: ['{name}户搬迁后旧房未拆除', '{name}户搬迁后续帮扶措施未落实'],
  兜底保障: ['{name}户符合低保条件未纳入', '{name}户残疾人补贴发放不及时'],
  金融: ['{name}户小额信贷即将到期，未制定还款计划', '{name}户存在户贷企用情况'],
  基础设施: ['部分村民小组通组道路未硬化', '部分村民小组4G信号弱', '村级卫生室未达标准化要求'],
  基层党建: ['“三会一课”记录不规范', '村务公开栏未及时更新'],
  村容村貌: ['村组视线范围内有白色垃圾，无固定垃圾收集点', '村内残垣断壁未清理'],
  档案资料: ['贫困户“一户一档”资料不齐全', '扶贫手册填写不准确，账实不符', '村级台账未及时更新'],
  项目资金: ['衔接资金项目支出进度滞后于序时进度', '扶贫项目资产未确权登记', '项目公示资料不完整'],
  帮扶责任: ['{name}户不了解帮扶责任人', '帮扶责任人公示牌与实际不符', '{name}户帮扶日志记录不全'],
  防返贫监测: ['{name}户收入骤减未及时纳入监测', '{name}户月走访记录不完整', '{name}户符合风险消除条件未标注'],
  环境卫生: ['{name}户房前屋后环境脏乱', '{name}户屋内杂乱，卫生较差'],
  政策知晓: ['{name}户对帮扶政策知晓度低', '{name}户不清楚监测申报程序'],
};

function unitFor(category: Category, county: County, town: Town, village: Village): string {
  const bureau: Partial<Record<Category, string>> = {
    义务教育: '教育局', 基本医疗: '医疗保障局', 住房安全: '住房和城乡建设局', 饮水安全: '水利局',
    产业: '农业农村局', 就业: '人力资源和社会保障局', 易地搬迁: '发展和改革局', 兜底保障: '民政局',
    金融: '乡村振兴局', 项目资金: '财政局',
  };
  const b = bureau[category];
  if (b) return county.name + b;
  if (category === '责任落实' || category === '基层党建' || category === '档案资料') return `${town.name}人民政府`;
  return `${village.name}村民委员会`;
}

interface Wave {
  source: Source;
  /** Campaign fractions the wave spans. */
  from: number;
  to: number;
  /** Expected issues per village in the wave. */
  rate: number;
}

// Seed 003: 部署 to 3月15日, 查漏补缺 to 5月31日, 全面收官 in 6月, 巩固提升 7–12月.
const WAVES: readonly Wave[] = [
  { source: '考核', from: 0, to: 2.5 / 12, rate: 0.25 },
  { source: '第三方评估', from: 0, to: 2.5 / 12, rate: 0.15 },
  { source: '排查', from: 2.5 / 12, to: 5 / 12, rate: 1.6 },
  { source: '督战', from: 5 / 12, to: 6 / 12, rate: 0.6 },
  { source: '排查', from: 6 / 12, to: 1, rate: 0.9 },
  { source: '暗访', from: 6 / 12, to: 1, rate: 0.3 },
  { source: '巡视', from: 8 / 12, to: 9 / 12, rate: 0.2 },
  { source: '审计', from: 9 / 12, to: 11 / 12, rate: 0.15 },
];

function poisson(rng: Rng, lambda: number): number {
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = rng.next();
  while (u > s && k < 50) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
}

/** A day within campaign fraction [from, to), as month index and day. */
function dayIn(rng: Rng, calendar: Calendar, from: number, to: number): string {
  const t = rng.between(from, to);
  const m = calendar.monthAt(t);
  const month = calendar.months[m]!;
  return calendar.date(m, rng.int(1, month.daysInMonth));
}

const DEADLINE_DAYS = [15, 30, 45, 60, 90, 120, 180];

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

/**
 * Dates of an issue's life. `fixedBy` is when the underlying gap closes (a house repaired); the
 * 整改时限 set for such issues usually allows for the work, and is missed now and then.
 */
function lifecycle(rng: Rng, found: string, lag: number, fixedBy: string | null) {
  let deadline = Calendar.addDays(found, rng.pick([15, 30, 30, 30, 45, 60, 60]));
  const started = Calendar.addDays(found, rng.int(0, 7));
  let fixed = fixedBy ?? Calendar.addDays(found, Math.round(rng.logNormal(11 * (1 + lag), 0.6)) + 1);
  if (fixed < started) fixed = started;
  if (fixedBy) {
    const need = daysBetween(found, fixed);
    const met = rng.chance(0.85 - 0.3 * lag);
    const days = met ? (DEADLINE_DAYS.find((d) => d >= need) ?? 180) : ([...DEADLINE_DAYS].reverse().find((d) => d < need) ?? 15);
    deadline = Calendar.addDays(found, days);
  }
  const closed = Calendar.addDays(fixed, Math.round(rng.logNormal(8, 0.5)) + 1);
  return { deadline, started, fixed, closed };
}

export function planTownIssues(seed: number, calendar: Calendar, county: County, town: Town, households: readonly HouseholdPlan[]): IssuePlan[] {
  const issues: Omit<IssuePlan, 'id'>[] = [];
  const byVillage = new Map<string, HouseholdPlan[]>();
  for (const h of households) {
    const list = byVillage.get(h.village.code) ?? [];
    list.push(h);
    byVillage.set(h.village.code, list);
  }
  const endOfRun = calendar.months[calendar.last]!.endDate;

  // Household gaps found before they close (住房 C/D, 饮水, 教育, 医疗).
  for (const h of households) {
    const gaps: [Category, number][] = [
      ['住房安全', h.gaps.housing], ['饮水安全', h.gaps.water], ['义务教育', h.gaps.education], ['基本医疗', h.gaps.medical],
    ];
    for (const [category, resolve] of gaps) {
      if (!resolve) continue;
      const r = Rng.of(seed, 'gap-issue', h.id, category);
      if (!r.chance(0.75)) continue;
      const lastFound = Math.min(resolve, calendar.last + 1) - 1;
      const foundMonth = Math.max(0, Math.min(lastFound, calendar.monthAt(r.between(2.5 / 12, 5 / 12))));
      const found = calendar.date(foundMonth, r.int(1, calendar.months[foundMonth]!.daysInMonth));
      const fixedBy = resolve >= NEVER ? null : calendar.date(resolve, r.int(1, 20));
      const life = lifecycle(r, found, h.village.lag, fixedBy && fixedBy > found ? fixedBy : null);
      if (resolve >= NEVER) {
        life.fixed = Calendar.addDays(endOfRun, r.int(10, 90));
        life.closed = Calendar.addDays(life.fixed, 10);
      }
      const text = r.pick(TEXTS[category]).replace('{name}', h.headName).replace('{grade}', h.gradeBefore).replace('{village}', h.village.name);
      issues.push({
        village: h.village, household: h, source: '排查', category, description: text, found, ...life,
        unit: unitFor(category, county, town, h.village), person: personName(r, r.chance(0.7)),
      });
    }
  }

  // Village-level issues wave by wave.
  for (const v of town.villages) {
    const vh = byVillage.get(v.code) ?? [];
    const focus = vh.filter((h) => h.registered || h.monitoring);
    const weight = (v.category !== '非贫困村' ? 1.6 : 1) * (1 + v.lag) * Math.sqrt(v.households / 250);
    WAVES.forEach((wave, wi) => {
      const r = Rng.of(seed, 'issues', v.code, wi);
      const n = poisson(r, wave.rate * weight);
      for (let k = 0; k < n; k++) {
        const category = VILLAGE_CATEGORIES.draw(r);
        const household = HOUSEHOLD_CATEGORIES.has(category) && focus.length ? r.pick(focus) : null;
        const found = dayIn(r, calendar, wave.from, wave.to);
        const template = r.pick(TEXTS[category].filter((t) => household !== null || !t.includes('{name}')).concat(household ? [] : ['村级工作台账不完整']));
        const description = template.replace('{name}', household?.headName ?? '').replace('{village}', v.name).replace('{grade}', 'C');
        issues.push({
          village: v, household, source: wave.source, category, description, found, ...lifecycle(r, found, v.lag, null),
          unit: unitFor(category, county, town, v), person: personName(r, r.chance(0.7)),
        });
      }
    });
  }
  issues.sort((a, b) => (a.found < b.found ? -1 : a.found > b.found ? 1 : a.village.code < b.village.code ? -1 : a.village.code > b.village.code ? 1 : 0));
  return issues.map((i, k) => ({ ...i, id: `WT${town.code}-${String(k + 1).padStart(4, '0')}` }));
}

export type IssueStatus = '待整改' | '整改中' | '已整改' | '已销号';

export function issueStatus(i: IssuePlan, asOf: string): IssueStatus {
  if (asOf >= i.closed) return '已销号';
  if (asOf >= i.fixed) return '已整改';
  if (asOf >= i.started) return '整改中';
  return '待整改';
}

const EVIDENCE = ['整改前后照片、入户核查表', '整改报告、销号审批表', '会议记录、整改台账', '验收单、照片'];

export function issueRow(i: IssuePlan, m: number, calendar: Calendar): string[] {
  const month = calendar.months[m]!;
  const status = issueStatus(i, month.endDate);
  const ev = EVIDENCE[hash32(i.id) % EVIDENCE.length] as string;
  return issueShape.row({
    issue_id: i.id,
    village_code: i.village.code,
    household_id: i.household?.id ?? '',
    source: i.source,
    category: i.category,
    description: i.description,
    found_date: i.found,
    deadline: i.deadline,
    responsible_unit: i.unit,
    responsible_person: i.person,
    status,
    closed_date: status === '已销号' ? i.closed : '',
    evidence: status === '已销号' ? ev : status === '已整改' ? '整改照片' : '',
    data_month: month.month,
  });
}
