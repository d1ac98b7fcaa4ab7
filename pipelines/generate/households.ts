import type { HOUSE_GRADES, MONITOR_TYPES, POVERTY_CAUSES } from '../contracts/household.ts';
import type { Calendar } from './calendar.ts';
import { idNumber, mobile, personName } from './identities.ts';
import type { County, Town, Village } from './places.ts';
import { Rng, WeightedTable } from './random.ts';

/**
 * Each household's whole year, planned up front: who it is, whether and when it is lifted out of
 * poverty (脱贫), when it enters and leaves 防返贫监测 (and relapses), when its 两不愁三保障 and 饮水
 * gaps close, and which aid it gets. The monthly files are then views of these plans at a date,
 * so a household's history is consistent across months and files.
 *
 * Month indexes count from 0 (the first month generated); NEVER means "not within the run".
 */
export const NEVER = 1_000_000;

export type EliminationBreach = 'no_measure' | 'income' | 'no_labour';

export type MonitorType = (typeof MONITOR_TYPES)[number];
export type PovertyCause = (typeof POVERTY_CAUSES)[number];
export type HouseGrade = (typeof HOUSE_GRADES)[number];

export interface Monitoring {
  type: MonitorType;
  /** Month of identification; negative = identified before the run (a day of that earlier month). */
  identified: number;
  identifiedDay: number;
  eliminated: number;
  eliminatedDay: number;
  /** 回退: risk back after elimination; from this month the household is open again. */
  relapse: number;
  relapseDay: number;
}

export interface Gaps {
  /** Month from which the guarantee holds again; 0 = no gap. */
  education: number;
  medical: number;
  housing: number;
  water: number;
}

export interface HouseholdPlan {
  id: string;
  village: Village;
  town: Town;
  county: County;
  headName: string;
  idNumber: string;
  phone: string;
  size: number;
  labor: number;
  registered: boolean;
  /** Month from which a registered household is 脱贫户: -1 = before the run, NEVER = still 未脱贫. */
  lift: number;
  monitoring: Monitoring | null;
  cause: PovertyCause | '';
  gaps: Gaps;
  gradeBefore: HouseGrade;
  gradeAfter: HouseGrade;
  dibao: boolean;
  tekun: boolean;
  relocated: boolean;
  welfareJob: boolean;
  credit: { amount: number; due: string; overdueFrom: string | null } | null;
  helperName: string;
  helperPhone: string;
  /** 到户产业奖补 planned for the year, 元; 0 = none. */
  industryAid: number;
  /** 务工补助, 元; 0 = none. */
  migrantAid: number;
  /** 危房改造补助, 元; 0 = none. */
  housingAid: number;
  incomeKey: number;
  /**
   * A household marked 风险消除 against one of the rules (mart_elimination_compliance), planted
   * so the compliance list has something to find: no measure at all, income below the line in
   * the months before elimination, or no labour and no 兜底.
   */
  breach?: EliminationBreach;
  /** Filled on first use by incomeAt. */
  incomeCache?: IncomeCache;
}

const REGISTERED_SIZES = new WeightedTable<number>([[1, 8], [2, 14], [3, 21], [4, 25], [5, 17], [6, 10], [7, 4], [8, 1]]);
const GENERAL_SIZES = new WeightedTable<number>([[1, 5], [2, 12], [3, 19], [4, 24], [5, 20], [6, 12], [7, 6], [8, 2]]);
const CAUSES = new WeightedTable<PovertyCause>([
  ['因病', 30], ['缺劳力', 12], ['缺技术', 12], ['缺资金', 15], ['因残', 10], ['因学', 7], ['因灾', 3],
  ['缺土地', 2], ['缺水', 1], ['交通条件落后', 2], ['自身发展动力不足', 4], ['其他', 2],
]);

/** The calibration targets of a town whose figures are fixed by a seed document. */
export interface TownTargets {
  people: number;
  registeredHouseholds: number;
  registeredPeople: number;
  endUnlifted: { households: number; people: number; villages: number[] };
  endMonitored: { households: number; people: number };
  endEdge: { households: number; people: number };
}

/** Seed 001: 2550户10382人, 建档立卡723户2726人; at the end 10户34人未脱贫, 13户55人监测户, 26户103人边缘户. */
export const SEED001_TARGETS: TownTargets = {
  people: 10_382,
  registeredHouseholds: 723,
  registeredPeople: 2_726,
  endUnlifted: { households: 10, people: 34, villages: [2, 7, 10] },
  endMonitored: { households: 13, people: 55 },
  endEdge: { households: 26, people: 103 },
};

/** Moves people between households of a group (sizes 1–10) until the group totals `target`. */
function adjustPeople(rng: Rng, group: { size: number }[], target: number): void {
  let sum = group.reduce((n, h) => n + h.size, 0);
  let guard = 0;
  while (sum !== target) {
    if (++guard > 1_000_000 || group.length === 0) throw new Error(`cannot reach ${target} people`);
    const h = rng.pick(group);
    if (sum < target && h.size < 10) {
      h.size++;
      sum++;
    } else if (sum > target && h.size > 1) {
      h.size--;
      sum--;
    }
  }
}

/**
 * `count` households from `pool` whose sizes sum to `people` exactly (when given), found by
 * swapping members with non-members until the sum is right.
 */
export function selectExact<T extends { size: number }>(rng: Rng, pool: readonly T[], count: number, people: number | null): T[] {
  if (count > pool.length) throw new Error(`need ${count} households, the pool has ${pool.length}`);
  const shuffled = rng.shuffle([...pool]);
  const chosen = shuffled.slice(0, count);
  const rest = shuffled.slice(count);
  if (people === null || count === 0) return chosen;
  let sum = chosen.reduce((n, h) => n + h.size, 0);
  for (let guard = 0; sum !== people; guard++) {
    if (guard > 100_000) throw new Error(`no ${count} households with ${people} people in the pool`);
    const i = rng.int(0, chosen.length - 1);
    const need = people - sum;
    const out = chosen[i] as T;
    const j = rest.findIndex((r) => (need > 0 ? r.size > out.size && r.size - out.size <= need : r.size < out.size && out.size - r.size <= -need));
    if (j < 0) continue;
    const inn = rest[j] as T;
    chosen[i] = inn;
    rest[j] = out;
    sum += inn.size - out.size;
  }
  return chosen;
}

/** Share of a typical village's 建档立卡 households still 未脱贫 when the run starts: small, larger where it lags. */
export function baselineUnliftedShare(lag: number): number {
  return lag > 0.5 ? 0.06 + 0.12 * lag : 0.02;
}

// Cumulative share of the year's lifting reached by campaign fraction t (seed 003: most by 6月底).
const LIFT_CURVE: readonly (readonly [number, number])[] = [[0, 0], [2.5 / 12, 0.1], [5 / 12, 0.62], [6 / 12, 0.93], [1, 1]];

function inverseCurve(u: number): number {
  for (let i = 1; i < LIFT_CURVE.length; i++) {
    const [t1, f1] = LIFT_CURVE[i] as readonly [number, number];
    const [t0, f0] = LIFT_CURVE[i - 1] as readonly [number, number];
    if (u <= f1) return t0 + ((u - f0) / (f1 - f0)) * (t1 - t0);
  }
  return 1;
}

interface Draft {
  plan: HouseholdPlan;
  size: number;
  villageIndex: number;
  baselineUnlifted: boolean;
  role: 'none' | 'endUnlifted' | 'monOpen' | 'monClosed' | 'edgeOpen' | 'edgeClosed' | 'sudden';
}

export interface TownPlanContext {
  seed: number;
  calendar: Calendar;
  county: County;
  town: Town;
  /** Ordinal of the town's first household within its county, for unique ID numbers. */
  firstOrdinal: number;
}

export function planTownHouseholds(ctx: TownPlanContext): HouseholdPlan[] {
  const { seed, calendar, county, town } = ctx;
  const last = calendar.last;
  const M = calendar.length;
  const gap = Math.max(1, Math.round((3 * M) / 12));
  const targets = town.profile === 'seed001' ? SEED001_TARGETS : null;
  const rng = Rng.of(seed, 'households', town.code);
  const helpers = Array.from({ length: Math.max(4, Math.ceil(town.villages.reduce((n, v) => n + v.households, 0) / 60)) }, (_, i) => {
    const hr = Rng.of(seed, 'helper', town.code, i);
    return { name: personName(hr, hr.chance(0.6)), phone: mobile(hr) };
  });

  // 1. Who is registered: by village rate, then (seed 001) fixed to the town total.
  const registeredCounts = town.villages.map((v) => Math.round(v.households * v.registeredRate));
  if (targets) {
    let diff = targets.registeredHouseholds - registeredCounts.reduce((a, b) => a + b, 0);
    for (let i = 0; diff !== 0; i = (i + 1) % registeredCounts.length) {
      const step = Math.sign(diff);
      registeredCounts[i] = (registeredCounts[i] as number) + step;
      diff -= step;
    }
  }

  const drafts: Draft[] = [];
  let ordinal = ctx.firstOrdinal;
  town.villages.forEach((village, vi) => {
    const regCount = registeredCounts[vi] as number;
    for (let k = 0; k < village.households; k++) {
      const hr = Rng.of(seed, 'household', village.code, k);
      const registered = k < regCount;
      const size = (registered ? REGISTERED_SIZES : GENERAL_SIZES).draw(hr);
      const male = hr.chance(0.86);
      const plan: HouseholdPlan = {
        id: `${village.code}-${String(k + 1).padStart(4, '0')}`,
        village,
        town,
        county,
        headName: personName(hr, male),
        idNumber: idNumber(seed, county.code, ordinal++, male),
        phone: hr.chance(0.85) ? mobile(hr) : '',
        size,
        labor: 0,
        registered,
        lift: registered ? -1 : NEVER,
        monitoring: null,
        cause: '',
        gaps: { education: 0, medical: 0, housing: 0, water: 0 },
        gradeBefore: 'B',
        gradeAfter: 'B',
        dibao: false,
        tekun: false,
        relocated: false,
        welfareJob: false,
        credit: null,
        helperName: '',
        helperPhone: '',
        industryAid: 0,
        migrantAid: 0,
        housingAid: 0,
        incomeKey: hr.int(0, 2 ** 31),
      };
      drafts.push({ plan, size, villageIndex: vi, baselineUnlifted: false, role: 'none' });
    }
  });

  // 2. Family sizes: exact totals for a calibrated town (size lives on the draft while adjusting).
  const reg = drafts.filter((d) => d.plan.registered);
  const gen = drafts.filter((d) => !d.plan.registered);
  if (targets) {
    adjustPeople(rng, reg, targets.registeredPeople);
    adjustPeople(rng, gen, targets.people - targets.registeredPeople);
  }
  for (const d of drafts) {
    const hr = Rng.of(seed, 'labor', d.plan.id);
    d.plan.size = d.size;
    const noLabor = d.plan.registered ? (d.size <= 2 ? 0.45 : 0.1) : d.size <= 2 ? 0.12 : 0.02;
    d.plan.labor = hr.chance(noLabor) ? 0 : hr.int(1, Math.min(d.size, d.size >= 5 ? 4 : 3));
  }

  // 3. Baseline 未脱贫: every registered household in seed 001's reading; a small, lag-weighted share otherwise.
  for (const d of reg) {
    const v = d.plan.village;
    d.baselineUnlifted = targets ? true : Rng.of(seed, 'baseline', d.plan.id).chance(baselineUnliftedShare(v.lag));
  }

  // 4. The end state, chosen first so the dynamics can be drawn backwards from it.
  const free = (d: Draft) => d.role === 'none';
  if (targets) {
    const pool = reg.filter((d) => targets.endUnlifted.villages.includes(d.villageIndex));
    for (const d of selectExact(rng, pool, targets.endUnlifted.households, targets.endUnlifted.people)) d.role = 'endUnlifted';
    for (const d of selectExact(rng, reg.filter(free), targets.endMonitored.households, targets.endMonitored.people)) d.role = 'monOpen';
    for (const d of selectExact(rng, gen.filter(free), targets.endEdge.households, targets.endEdge.people)) d.role = 'edgeOpen';
  } else {
    for (const d of reg) {
      if (!d.baselineUnlifted) continue;
      const v = d.plan.village;
      if (Rng.of(seed, 'end-unlifted', d.plan.id).chance(v.lag > 0.5 ? 0.12 : 0.006)) d.role = 'endUnlifted';
    }
    for (const d of reg.filter(free)) if (Rng.of(seed, 'mon-open', d.plan.id).chance(0.016)) d.role = 'monOpen';
    for (const d of gen) if (Rng.of(seed, 'edge-open', d.plan.id).chance(0.006)) d.role = 'edgeOpen';
  }
  const closedRate = targets ? 2 : 1.5;
  const canClose = (d: Draft) => free(d) && d.plan.labor > 0;
  const monClosedCount = targets ? Math.round(targets.endMonitored.households * closedRate) : null;
  const edgeClosedCount = targets ? Math.round(targets.endEdge.households * 1.2) : null;
  if (last >= gap + 2) {
    const pool = reg.filter(canClose);
    const n = monClosedCount ?? Math.round(pool.length * 0.016 * closedRate);
    for (const d of rng.sample(pool, n)) d.role = 'monClosed';
  }
  if (last >= gap) {
    const pool = gen.filter(canClose);
    const n = edgeClosedCount ?? Math.round(pool.length * 0.0072);
    for (const d of rng.sample(pool, n)) d.role = 'edgeClosed';
  }
  if (last >= 1) {
    const pool = gen.filter(free);
    for (const d of rng.sample(pool, Math.max(1, Math.round(gen.length * 0.0015)))) d.role = 'sudden';
  }

  // 4b. A few households to be marked 风险消除 against a rule: two or so of each kind per town
  // (about 3% of the closed cases), from their own random stream so nothing else moves.
  const closed = drafts.filter((d) => d.role === 'monClosed' || d.role === 'edgeClosed');
  if (closed.length >= 3) {
    const br = Rng.of(seed, 'elimination-breach', town.code);
    const each = Math.max(1, Math.round(closed.length * 0.03));
    const picked = br.sample(closed, each * 3);
    picked.forEach((d, i) => {
      const kind = (['no_measure', 'income', 'no_labour'] as const)[i % 3]!;
      d.plan.breach = kind;
      if (kind === 'no_labour') d.plan.labor = 0;
    });
  }

  // 5. Lifting months, then monitoring histories that fit them.
  for (const d of drafts) {
    const p = d.plan;
    const hr = Rng.of(seed, 'dynamics', p.id);
    if (p.registered && d.baselineUnlifted) {
      if (d.role === 'endUnlifted') p.lift = NEVER;
      else {
        const u = Math.pow(hr.next(), 1 - 0.7 * p.village.lag);
        p.lift = Math.max(1, Math.min(last, Math.ceil(inverseCurve(u) * M) - 1));
        if (d.role === 'monOpen') p.lift = Math.min(p.lift, Math.max(1, last - 1));
        if (d.role === 'monClosed') p.lift = Math.min(p.lift, Math.max(1, last - 1 - gap));
      }
    }
    const earliest = p.registered ? (p.lift < 0 ? -10 : p.lift + 1) : -10;
    const pre = (lo: number) => (lo < 0 && hr.chance(0.35) ? hr.int(Math.max(lo, -10), -1) : Math.max(0, lo));
    const day = () => hr.int(1, 28);
    const mon = (type: MonitorType, identified: number): Monitoring => ({
      type,
      identified,
      identifiedDay: day(),
      eliminated: NEVER,
      eliminatedDay: day(),
      relapse: NEVER,
      relapseDay: day(),
    });
    if (d.role === 'monOpen' || d.role === 'edgeOpen') {
      const type = d.role === 'monOpen' ? '脱贫不稳定户' : '边缘易致贫户';
      const lo = pre(earliest);
      const m = mon(type, hr.int(Math.min(lo, last), Math.max(Math.min(lo, last), Math.min(last, lo + Math.ceil(M / 2)))));
      // 回退: some were marked eliminated and came back.
      if (p.labor > 0 && hr.chance(0.25) && Math.max(m.identified, 0) + gap + 1 <= last) {
        m.eliminated = hr.int(Math.max(m.identified + gap, 0), last - 1);
        m.relapse = hr.int(m.eliminated + 1, last);
      }
      p.monitoring = m;
    } else if (d.role === 'monClosed' || d.role === 'edgeClosed') {
      const type = d.role === 'monClosed' ? '脱贫不稳定户' : '边缘易致贫户';
      const lo = pre(earliest);
      const hi = last - gap;
      const m = mon(type, hr.int(Math.min(lo, hi), Math.max(Math.min(lo, hi), hi)));
      m.eliminated = hr.int(Math.max(m.identified + gap, 0), last);
      p.monitoring = m;
    } else if (d.role === 'sudden') {
      const m = mon('突发严重困难户', hr.int(Math.min(1, last), last));
      if (m.identified + gap <= last && hr.chance(0.8)) m.eliminated = hr.int(m.identified + gap, last);
      p.monitoring = m;
    }
  }

  // 6. Causes, guarantees, social assistance, aid and helpers.
  for (const d of drafts) {
    const p = d.plan;
    const hr = Rng.of(seed, 'attributes', p.id);
    const poor = p.registered || p.monitoring !== null;
    const focus = (p.registered && d.baselineUnlifted) || p.monitoring !== null;
    if (poor) p.cause = CAUSES.draw(hr);
    if (p.cause === '因病') p.cause = hr.chance(0.85) ? '因病' : '因残';
    const rate = focus ? 1 : p.registered ? 0.12 : 0.05;
    const gapAt = (share: number) => {
      if (!hr.chance(share * rate)) return 0;
      if (last < 1) return NEVER;
      const until = p.lift >= 1 && p.lift < NEVER ? p.lift : last;
      const u = Math.pow(hr.next(), 1 - 0.6 * p.village.lag);
      const r = 1 + Math.floor(u * until);
      return p.lift >= NEVER && hr.chance(0.3) ? NEVER : Math.min(r, until);
    };
    p.gaps = { education: gapAt(0.015), medical: gapAt(0.04), housing: gapAt(0.07), water: gapAt(0.05) };
    if (p.gaps.housing) {
      p.gradeBefore = hr.chance(0.35) ? 'D' : 'C';
      p.gradeAfter = p.gradeBefore === 'D' ? 'A' : 'B';
    } else {
      p.gradeBefore = p.gradeAfter = hr.chance(0.35) ? 'A' : 'B';
    }
    p.dibao = p.registered ? hr.chance(p.labor === 0 ? 0.6 : 0.08) : hr.chance(p.monitoring ? 0.1 : 0.01);
    p.tekun = p.registered && p.size === 1 && p.labor === 0 && hr.chance(0.5);
    if (p.breach === 'no_labour') p.dibao = p.tekun = false;
    p.relocated = p.registered && hr.chance(0.04);
    p.welfareJob = p.labor > 0 && (p.registered ? hr.chance(0.08) : p.monitoring ? hr.chance(0.15) : false);
    if (p.labor > 0 && (p.registered ? hr.chance(0.15) : p.monitoring ? hr.chance(0.1) : false)) {
      const due = calendar.date(hr.int(-6, 30), hr.int(1, 28));
      p.credit = { amount: hr.pick([10_000, 20_000, 30_000, 50_000]), due, overdueFrom: hr.chance(0.25) ? due : null };
    }
    if (poor) {
      const helper = helpers[hr.int(0, helpers.length - 1)] as { name: string; phone: string };
      p.helperName = helper.name;
      p.helperPhone = helper.phone;
    }
    if (p.registered && d.baselineUnlifted && p.labor > 0 && hr.chance(0.5)) {
      p.industryAid = Math.min(30_000, 500 * hr.int(6, 30));
    } else if (p.monitoring?.type === '边缘易致贫户' && p.labor > 0 && hr.chance(0.4)) {
      p.industryAid = Math.min(20_000, 5_000 * p.size);
    }
    if (p.registered && p.labor > 0 && hr.chance(0.2)) p.migrantAid = hr.weighted([[2024, 1], [1800, 5], [1500, 4]] as const);
    if (p.gaps.housing) {
      const keyGroup = p.registered || p.monitoring !== null || p.dibao || p.tekun;
      p.housingAid = hr.chance(0.05) ? 6_000 : keyGroup ? 24_000 : 10_000;
    }
  }
  return drafts.map((d) => d.plan);
}

// ---------------------------------------------------------------------------------------------
// The state of a household in month m.

export type HouseholdType = '一般户' | '脱贫户' | '未脱贫户';

export function householdType(h: HouseholdPlan, m: number): HouseholdType {
  if (!h.registered) return '一般户';
  return m < h.lift ? '未脱贫户' : '脱贫户';
}

/** Whether the household shows as a monitoring object in month m. */
export function monitoredIn(h: HouseholdPlan, m: number): boolean {
  return h.monitoring !== null && h.monitoring.identified <= m;
}

export function riskOpen(h: HouseholdPlan, m: number): boolean {
  const mo = h.monitoring;
  if (!mo || mo.identified > m) return false;
  if (mo.relapse <= m) return true;
  return mo.eliminated > m;
}

export function guaranteeOk(resolveMonth: number, m: number): boolean {
  return resolveMonth === 0 || m >= resolveMonth;
}

export type IncomeState = 'unlifted' | 'monitored' | 'edge' | 'sudden' | 'recovering' | 'lifted' | 'general';

/** Months of income above the line a household shows before it is marked 风险消除. */
export const STABLE_MONTHS = 6;

export function incomeState(h: HouseholdPlan, m: number): IncomeState {
  if (h.registered && m < h.lift) return 'unlifted';
  const mo = h.monitoring;
  // Policy marks 风险消除 only after income has stayed above the line: the months before it do.
  if (mo && mo.eliminated < NEVER && m < mo.eliminated && m >= mo.eliminated - STABLE_MONTHS && mo.identified <= m) return 'recovering';
  if (riskOpen(h, m)) {
    const t = (h.monitoring as Monitoring).type;
    return t === '脱贫不稳定户' ? 'monitored' : t === '边缘易致贫户' ? 'edge' : 'sudden';
  }
  return h.registered ? 'lifted' : 'general';
}

export interface Income {
  wage: number;
  business: number;
  transfer: number;
  property: number;
  cost: number;
  /** (四项收入 − 生产经营性支出) ÷ 家庭人口数, rounded to 分. */
  perCapita: number;
}

/**
 * Annual income as reported in month m. The level depends on the household's state (未脱贫 below
 * the line, 监测 around it, others mostly above with a thin tail below), drifts up slowly through
 * the year, and is split into the four parts by the household's labour.
 */
export function incomeAt(h: HouseholdPlan, m: number, line: number): Income {
  const state = incomeState(h, m);
  const cache = (h.incomeCache ??= incomeMix(h));
  let ratio = cache.ratios[state];
  if (ratio === undefined) {
    const lr = Rng.of(h.incomeKey, state);
    switch (state) {
      case 'unlifted': ratio = lr.between(0.5, 0.97); break;
      case 'monitored': ratio = lr.between(0.82, 1.2); break;
      case 'edge': ratio = lr.between(0.95, 1.45); break;
      case 'sudden': ratio = lr.between(0.4, 1.1); break;
      // A planted breach stays below the line up to its elimination.
      case 'recovering': ratio = h.breach === 'income' ? lr.between(0.8, 0.95) : lr.between(1.03, 1.35); break;
      case 'lifted': ratio = lr.chance(0.03) ? lr.between(0.9, 1) : lr.between(1.08, 2.4); break;
      case 'general': ratio = lr.logNormal(2.4, 0.45); break;
    }
    cache.ratios[state] = ratio;
  }
  const net = line * ratio * (1 + 0.004 * m) * h.size;
  const [w0, wb, , w3] = cache.weights;
  const gross = net / (1 - cache.costRatio * wb);
  const wage = Math.round(gross * w0);
  const business = Math.round(gross * wb);
  const property = Math.round(gross * w3);
  const cost = Math.round(business * cache.costRatio);
  const transfer = Math.max(0, Math.round(net) - wage - business - property + cost);
  const perCapita = Math.round(((wage + business + transfer + property - cost) / h.size) * 100) / 100;
  return { wage, business, transfer, property, cost, perCapita };
}

export interface IncomeCache {
  /** Shares of gross income: wage, business, transfer, property (sum 1). */
  weights: [number, number, number, number];
  /** 生产经营性支出 as a share of 生产经营性收入. */
  costRatio: number;
  ratios: Partial<Record<IncomeState, number>>;
}

function incomeMix(h: HouseholdPlan): IncomeCache {
  const mix = Rng.of(h.incomeKey, 'mix');
  const raw = h.labor > 0
    ? [mix.between(0.35, 0.7), mix.between(0.1, 0.35), mix.between(0.05, 0.25), mix.between(0, 0.06)]
    : [mix.between(0, 0.1), mix.between(0, 0.12), mix.between(0.6, 0.9), mix.between(0, 0.08)];
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total) as [number, number, number, number];
  return { weights, costRatio: mix.between(0.15, 0.45), ratios: {} };
}
