import { villageContract } from '../contracts/village.ts';
import type { Calendar } from './calendar.ts';
import { plain, RowShape, yesNo } from './cells.ts';
import { mobile, personName } from './identities.ts';
import { householdType, type HouseholdPlan, NEVER, riskOpen } from './households.ts';
import type { County, Town, Village } from './places.ts';
import { Rng } from './random.ts';

/**
 * One month's 行政村基本情况: the village's own facts (category, collective income, the checklist's
 * infrastructure items, 挂牌责任人) and its counts, which are the roll-up of that month's
 * household snapshot — the rule the warehouse's data tests check.
 */

export const villageShape = new RowShape(villageContract);

export interface VillageCounts {
  households: number;
  people: number;
  registeredHouseholds: number;
  registeredPeople: number;
  unliftedHouseholds: number;
  unliftedPeople: number;
  monitoredHouseholds: number;
  monitoredPeople: number;
  edgeHouseholds: number;
  edgePeople: number;
}

export function emptyCounts(): VillageCounts {
  return {
    households: 0, people: 0, registeredHouseholds: 0, registeredPeople: 0, unliftedHouseholds: 0,
    unliftedPeople: 0, monitoredHouseholds: 0, monitoredPeople: 0, edgeHouseholds: 0, edgePeople: 0,
  };
}

/** 监测户 = 脱贫不稳定户 whose risk is not eliminated; 边缘户 likewise for 边缘易致贫户. */
export function addHousehold(c: VillageCounts, h: HouseholdPlan, m: number): void {
  c.households++;
  c.people += h.size;
  const type = householdType(h, m);
  if (type !== '一般户') {
    c.registeredHouseholds++;
    c.registeredPeople += h.size;
  }
  if (type === '未脱贫户') {
    c.unliftedHouseholds++;
    c.unliftedPeople += h.size;
  }
  if (riskOpen(h, m)) {
    if (h.monitoring?.type === '脱贫不稳定户') {
      c.monitoredHouseholds++;
      c.monitoredPeople += h.size;
    } else if (h.monitoring?.type === '边缘易致贫户') {
      c.edgeHouseholds++;
      c.edgePeople += h.size;
    }
  }
}

export function sumCounts(all: readonly VillageCounts[]): VillageCounts {
  const total = emptyCounts();
  for (const c of all) for (const k of Object.keys(total) as (keyof VillageCounts)[]) total[k] += c[k];
  return total;
}

interface VillageFacts {
  collectiveIncome: number;
  /** Month from which each checklist item holds; 0 = from the start, NEVER = not within the run. */
  checks: Record<'road' | 'broadband' | 'clinic' | 'cooperative' | 'industry', number>;
  responsible: string;
  phone: string;
}

export function villageFacts(seed: number, v: Village, calendar: Calendar): VillageFacts {
  const r = Rng.of(seed, 'village-facts', v.code);
  const weak = v.category !== '非贫困村' || v.lag > 0.5;
  const check = (share: number) => {
    if (!r.chance(weak ? share : share / 5) || calendar.last < 1) return 0;
    return r.chance(0.2) ? NEVER : r.int(1, calendar.last);
  };
  return {
    collectiveIncome: Math.round(r.logNormal(weak ? 6 : 11, 0.55) * 100) / 100,
    checks: { road: check(0.1), broadband: check(0.08), clinic: check(0.1), cooperative: check(0.15), industry: check(0.12) },
    responsible: personName(r, r.chance(0.75)),
    phone: mobile(r),
  };
}

export function villageRow(
  county: County,
  town: Town,
  v: Village,
  facts: VillageFacts,
  counts: VillageCounts,
  m: number,
  calendar: Calendar,
): string[] {
  const ok = (from: number) => yesNo(m >= from);
  // The year's collective income firms up as the year goes on.
  const income = facts.collectiveIncome * (0.9 + 0.2 * calendar.progressAt(m));
  return villageShape.row({
    village_code: v.code,
    village_name: v.name,
    town_name: town.name,
    county_name: county.name,
    village_category: v.category,
    agri_households: String(counts.households),
    agri_population: String(counts.people),
    registered_poor_households: String(counts.registeredHouseholds),
    registered_poor_people: String(counts.registeredPeople),
    unlifted_households: String(counts.unliftedHouseholds),
    unlifted_people: String(counts.unliftedPeople),
    monitored_households: String(counts.monitoredHouseholds),
    edge_households: String(counts.edgeHouseholds),
    collective_income: plain(Math.round(income * 100) / 100),
    has_hardened_road: ok(facts.checks.road),
    has_broadband: ok(facts.checks.broadband),
    has_clinic: ok(facts.checks.clinic),
    has_cooperative: ok(facts.checks.cooperative),
    has_industry_project: ok(facts.checks.industry),
    responsible_person: facts.responsible,
    responsible_phone: facts.phone,
    data_month: calendar.months[m]!.month,
  });
}
