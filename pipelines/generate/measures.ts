import { assistanceMeasureContract, type MEASURE_CATEGORIES } from '../contracts/assistance-measure.ts';
import type { Calendar } from './calendar.ts';
import { plain, RowShape } from './cells.ts';
import { type HouseholdPlan, NEVER } from './households.ts';
import { Rng } from './random.ts';

/**
 * The 帮扶措施台账 (一户一策, seeds 000 and 001): each household's measures follow from its plan —
 * 到户产业奖补, 务工补助, 公益岗位, 低保/特困, 小额信贷, 危房改造, 易地搬迁 and the 三保障 gaps it
 * had — and every key household (未脱贫 at the start, or ever a monitoring object) gets one
 * when it has none of these, except a few that are left without (the coverage gap the mart finds),
 * and the households planted to break the 风险消除 rule on measures (households.ts `breach`).
 */

type Category = (typeof MEASURE_CATEGORIES)[number];

export interface MeasurePlan {
  household: HouseholdPlan;
  category: Category;
  /** Month index and day it starts; negative months began before the run. */
  start: string;
  /** ISO date it ends, or null while it runs through the run. */
  end: string | null;
  amount: number | null;
  unit: string;
}

export const measureShape = new RowShape(assistanceMeasureContract);

/** Share of key households left without any measure (seed 001 asks for 一户一策 for every one). */
const UNCOVERED_SHARE = 0.04;

function unitFor(category: Category, h: HouseholdPlan): string {
  const county = h.county.name;
  switch (category) {
    case '到户产业': return `${county}农业农村局`;
    case '务工就业': return `${county}人力资源和社会保障局`;
    case '公益岗位': return `${h.town.name}人民政府`;
    case '兜底保障': return `${county}民政局`;
    case '教育帮扶': return `${county}教育局`;
    case '医疗帮扶': return `${county}医疗保障局`;
    case '住房保障': return `${county}住房和城乡建设局`;
    case '饮水保障': return `${county}水利局`;
    case '小额信贷': return `${county}乡村振兴局`;
    case '易地搬迁': return `${county}发展和改革局`;
    default: return `${h.village.name}村民委员会`;
  }
}

/** The month a household became a key household (its 一户一策 is drawn up then), clamped to the run. */
function keyFrom(h: HouseholdPlan): number | null {
  const unliftedAtStart = h.registered && h.lift > 0;
  const identified = h.monitoring ? Math.max(0, h.monitoring.identified) : null;
  if (unliftedAtStart) return identified === null ? 0 : Math.min(0, identified);
  return identified;
}

export function planMeasures(seed: number, calendar: Calendar, households: readonly HouseholdPlan[]): MeasurePlan[] {
  const out: MeasurePlan[] = [];
  const last = calendar.last;
  for (const h of households) {
    const from = keyFrom(h);
    const aided = h.industryAid > 0 || h.migrantAid > 0 || h.welfareJob || h.dibao || h.tekun || h.credit !== null || h.housingAid > 0 || h.relocated;
    if (from === null && !aided) continue;
    if (h.breach === 'no_measure') continue;
    const r = Rng.of(seed, 'measures', h.id);
    const first = from ?? 0;
    const day = () => r.int(1, 28);
    const startAt = (m: number) => calendar.date(Math.min(Math.max(m, first), last), day());
    const endAt = (m: number) => (m > last || m >= NEVER ? null : calendar.date(m, day()));
    const add = (category: Category, start: string, end: string | null, amount: number | null) => {
      out.push({ household: h, category, start, end: end !== null && end < start ? start : end, amount, unit: unitFor(category, h) });
    };
    const startMonth = first + r.int(0, 1);
    if (h.industryAid > 0) add('到户产业', startAt(startMonth), endAt(startMonth + r.int(3, 7)), h.industryAid);
    if (h.migrantAid > 0) add('务工就业', startAt(startMonth + r.int(0, 3)), endAt(startMonth + r.int(4, 9)), h.migrantAid);
    if (h.welfareJob) add('公益岗位', startAt(startMonth), null, 8000);
    if (h.dibao || h.tekun) add('兜底保障', calendar.date(first, 1), null, null);
    if (h.credit) add('小额信贷', startAt(startMonth), null, h.credit.amount);
    if (h.housingAid > 0 && h.gaps.housing) add('住房保障', startAt(Math.min(startMonth, Math.max(0, h.gaps.housing - 2))), endAt(h.gaps.housing), h.housingAid);
    if (h.relocated) add('易地搬迁', calendar.date(first, 1), null, null);
    if (from !== null) {
      if (h.gaps.education) add('教育帮扶', startAt(Math.max(0, h.gaps.education - 2)), endAt(h.gaps.education), null);
      if (h.gaps.medical) add('医疗帮扶', startAt(Math.max(0, h.gaps.medical - 2)), endAt(h.gaps.medical), null);
      if (h.gaps.water) add('饮水保障', startAt(Math.max(0, h.gaps.water - 2)), endAt(h.gaps.water), null);
      const has = out.length > 0 && out[out.length - 1]!.household === h;
      if (!has && !r.chance(UNCOVERED_SHARE)) {
        add(h.labor > 0 ? '务工就业' : '医疗帮扶', startAt(startMonth), null, null);
      }
    }
  }
  return out;
}

export type MeasureStatus = '实施中' | '已完成';

/** The ledger at a month's end: measures begun by then, 已完成 once their end date has passed. */
export function measureRow(p: MeasurePlan, endDate: string, month: string): string[] {
  const done = p.end !== null && p.end <= endDate;
  return measureShape.row({
    household_id: p.household.id,
    village_code: p.household.village.code,
    measure_category: p.category,
    start_date: p.start,
    end_date: done ? (p.end as string) : '',
    status: done ? '已完成' : '实施中',
    amount: p.amount === null ? '' : plain(p.amount),
    responsible_unit: p.unit,
    data_month: month,
  });
}
