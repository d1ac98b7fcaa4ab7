import { fundAllocationContract } from '../contracts/fund-allocation.ts';
import { fundPaymentContract } from '../contracts/fund-payment.ts';
import type { FUND_CATEGORIES } from '../contracts/shared-columns.ts';
import type { Calendar } from './calendar.ts';
import { plain, RowShape } from './cells.ts';
import { type HouseholdPlan, NEVER } from './households.ts';
import type { Town, Village } from './places.ts';
import { Rng } from './random.ts';

/**
 * 资金下达台账 and 资金支出台账. Money follows the seeds' policy figures: 到户产业 ≤ 3万元/户 (边缘户
 * 5000元/人, ≤ 2万元/户), 公益岗 8000元/人/年 paid quarterly, 务工补助 2024/1800/1500元, 危房改造
 * 2.4万 (四类重点对象) / 1万 / 0.6万元/户 paid when the house is fixed, 挂牌督战村专项 20万元/村,
 * and 衔接资金 projects paid along an S-curve, later in lagging villages (behind 序时进度).
 */

type FundCategory = (typeof FUND_CATEGORIES)[number];

export const allocationShape = new RowShape(fundAllocationContract);
export const paymentShape = new RowShape(fundPaymentContract);

export interface Allocation {
  id: string;
  projectId: string;
  projectName: string;
  category: FundCategory;
  /** The village the money is for, or null for a county-level project. */
  village: Village | null;
  /** The 12-digit village code, or the 6-digit county code of a county-level project. */
  areaCode: string;
  amount: number;
  date: string;
}

export interface Payment {
  id: string;
  projectId: string;
  category: FundCategory;
  village: Village | null;
  areaCode: string;
  household: HouseholdPlan | null;
  amount: number;
  date: string;
}

export interface Project {
  alloc: Omit<Allocation, 'id'>;
  payments: Omit<Payment, 'id'>[];
}

const INFRA_PROJECTS = ['村组道路硬化项目', '安全饮水巩固提升工程', '产业基地建设项目', '农田水利设施修缮项目', '村级光伏电站运维项目', '农产品冷链仓储项目'];

/** Share of a project paid by campaign fraction t: a logistic S-curve, shifted later by lag. */
function sCurve(t: number, lag: number): number {
  const centre = 0.45 + 0.3 * lag;
  const f = (x: number) => 1 / (1 + Math.exp(-9 * (x - centre)));
  return (f(t) - f(0)) / (f(1) - f(0));
}

function dayOf(rng: Rng, calendar: Calendar, m: number): string {
  return calendar.date(m, rng.int(1, Math.min(28, calendar.months[Math.min(m, calendar.last)]!.daysInMonth)));
}

export function planTownFunds(seed: number, calendar: Calendar, town: Town, households: readonly HouseholdPlan[], listed: ReadonlySet<string>): Project[] {
  const last = calendar.last;
  const year = calendar.months[0]!.year;
  const projects: Project[] = [];
  const byVillage = new Map<string, HouseholdPlan[]>();
  for (const h of households) {
    const list = byVillage.get(h.village.code) ?? [];
    list.push(h);
    byVillage.set(h.village.code, list);
  }
  const batch2 = calendar.monthAt(4 / 12);

  for (const v of town.villages) {
    const r = Rng.of(seed, 'funds', v.code);
    const vh = byVillage.get(v.code) ?? [];
    let n = 0;
    const project = (category: FundCategory, name: string, amount: number, month: number): Project => {
      n++;
      const p: Project = {
        alloc: {
          projectId: `XM${year}${v.code}${String(n).padStart(2, '0')}`,
          projectName: `${year}年${v.name}${name}`,
          category, village: v, areaCode: v.code, amount, date: dayOf(r, calendar, month),
        },
        payments: [],
      };
      projects.push(p);
      return p;
    };
    const pay = (p: Project, m: number, amount: number, household: HouseholdPlan | null) => {
      if (m > last || amount <= 0) return;
      let date = dayOf(r, calendar, m);
      if (date < p.alloc.date) date = p.alloc.date;
      p.payments.push({ projectId: p.alloc.projectId, category: p.alloc.category, village: v, areaCode: v.code, household, amount: Math.round(amount * 100) / 100, date });
    };

    // 衔接资金 and 挂牌督战村专项: project money paid in instalments along the S-curve.
    const infraCount = v.category !== '非贫困村' ? r.int(2, 3) : r.int(1, 2);
    const infra: Project[] = [];
    for (let k = 0; k < infraCount; k++) {
      const amount = 1000 * Math.round((v.category !== '非贫困村' ? r.between(300, 1000) : r.between(50, 400)));
      infra.push(project('衔接资金', r.pick(INFRA_PROJECTS), amount, k === 0 ? 0 : r.pick([0, batch2, calendar.monthAt(8 / 12)])));
    }
    if (listed.has(v.code)) infra.push(project('挂牌督战村专项', '挂牌督战村专项帮扶项目', 200_000, Math.min(1, last)));
    for (const p of infra) payAlongCurve(r, calendar, p, v.lag, (m, amount) => pay(p, m, amount, null));

    // 危房改造补助: half when work starts, the rest on acceptance (the month the gap closes).
    const housing = vh.filter((h) => h.housingAid > 0);
    if (housing.length) {
      const p = project('危房改造补助', '农村危房改造项目', housing.reduce((s, h) => s + h.housingAid, 0), 0);
      for (const h of housing) {
        const done = h.gaps.housing;
        if (done >= NEVER) {
          if (r.chance(0.5)) pay(p, r.int(Math.min(1, last), last), h.housingAid / 2, h);
          continue;
        }
        pay(p, Math.max(0, done - 1), h.housingAid / 2, h);
        pay(p, done, h.housingAid / 2, h);
      }
    }

    // 到户产业奖补: one payment per household, later in lagging villages; some not yet paid.
    const industry = vh.filter((h) => h.industryAid > 0);
    if (industry.length) {
      const p = project('到户产业奖补', '到户产业奖补项目', industry.reduce((s, h) => s + h.industryAid, 0), Math.min(1, last));
      for (const h of industry) {
        if (r.chance(0.08 + 0.2 * v.lag)) continue;
        const t = Math.min(0.999, r.between(0.1, 0.8) + 0.25 * v.lag * r.next());
        pay(p, Math.max(Math.min(1, last), calendar.monthAt(t)), h.industryAid, h);
      }
    }

    // 公益岗位工资: 8000元/人/年, 2000元 at the end of each quarter.
    const jobs = vh.filter((h) => h.welfareJob);
    if (jobs.length) {
      const p = project('公益岗位工资', '乡村公益性岗位工资', jobs.length * 8_000, 0);
      for (const h of jobs) {
        for (let m = 0; m <= last; m++) if (calendar.months[m]!.monthOfYear % 3 === 0) pay(p, m, 2_000, h);
      }
    }

    // 务工补助: once, a few months after the second batch.
    const migrants = vh.filter((h) => h.migrantAid > 0);
    if (migrants.length && batch2 <= last) {
      const p = project('务工补助', '脱贫劳动力务工交通补助', migrants.reduce((s, h) => s + h.migrantAid, 0), batch2);
      for (const h of migrants) if (!r.chance(0.1 + 0.3 * v.lag)) pay(p, Math.min(last, batch2 + r.int(0, 3)), h.migrantAid, h);
    }
  }
  return projects;
}

/** Instalments along the S-curve from the allocation's month, later and smaller where `lag` is high. */
function payAlongCurve(r: Rng, calendar: Calendar, p: Project, lag: number, pay: (m: number, amount: number) => void): void {
  const start = calendar.months.findIndex((mm) => mm.endDate >= p.alloc.date);
  const completion = 1 - 0.35 * lag * r.next();
  let paid = 0;
  for (let m = start; m <= calendar.last; m++) {
    const target = Math.round(p.alloc.amount * completion * sCurve(calendar.progressAt(m), lag));
    if (target - paid >= p.alloc.amount * 0.08 || (m === calendar.last && target > paid)) {
      pay(m, target - paid);
      paid = target;
    }
  }
}

const COUNTY_PROJECTS = ['县级产业园区基础设施项目', '农村供水保障县级统筹工程', '脱贫人口技能培训项目', '县级农产品产销对接项目'];

/**
 * Money a county keeps at its own level (DOMAIN.md: "allocations to a county as well as to
 * villages"): a few 衔接资金 projects allocated to the county and paid along the year. Written by
 * layouts other than `codes` (see GenerateOptions.countyFunds), so the codes files stay as before.
 */
export function planCountyFunds(seed: number, calendar: Calendar, county: { code: string; name: string }): Project[] {
  const r = Rng.of(seed, 'county-funds', county.code);
  const year = calendar.months[0]!.year;
  const names = r.sample(COUNTY_PROJECTS, r.int(1, 3));
  return names.map((name, k) => {
    const p: Project = {
      alloc: {
        projectId: `XM${year}${county.code}X${String(k + 1).padStart(2, '0')}`,
        projectName: `${year}年${county.name}${name}`,
        category: '衔接资金', village: null, areaCode: county.code,
        amount: 10_000 * r.int(50, 400), date: dayOf(r, calendar, k === 0 ? 0 : calendar.monthAt(r.between(0, 0.5))),
      },
      payments: [],
    };
    payAlongCurve(r, calendar, p, 0.2, (m, amount) => {
      let date = dayOf(r, calendar, m);
      if (date < p.alloc.date) date = p.alloc.date;
      p.payments.push({ projectId: p.alloc.projectId, category: '衔接资金', village: null, areaCode: county.code, household: null, amount, date });
    });
    return p;
  });
}

/** Numbers allocations and payments in date order, as a ledger would. */
export function numberFunds(projects: readonly Project[], scopeCode: string, year: number): { allocations: Allocation[]; payments: Payment[] } {
  const byDate = <T extends { date: string; projectId: string }>(a: T, b: T) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0;
  const allocations = projects.map((p) => p.alloc).sort(byDate).map((a, i) => ({ ...a, id: `XD${year}-${scopeCode}-${String(i + 1).padStart(5, '0')}` }));
  const payments = projects.flatMap((p) => p.payments).map((p, i) => ({ p, i }))
    .sort((a, b) => byDate(a.p, b.p) || a.i - b.i)
    .map(({ p }, i) => ({ ...p, id: `ZF${year}-${scopeCode}-${String(i + 1).padStart(6, '0')}` }));
  return { allocations, payments };
}

export function allocationRow(a: Allocation, month: string): string[] {
  return allocationShape.row({
    allocation_id: a.id,
    project_id: a.projectId,
    project_name: a.projectName,
    fund_category: a.category,
    village_code: a.areaCode,
    amount: plain(a.amount),
    allocated_date: a.date,
    data_month: month,
  });
}

export function paymentRow(p: Payment, month: string): string[] {
  return paymentShape.row({
    payment_id: p.id,
    project_id: p.projectId,
    fund_category: p.category,
    village_code: p.areaCode,
    household_id: p.household?.id ?? '',
    payee_name: p.household?.headName ?? '',
    amount: plain(p.amount),
    paid_date: p.date,
    data_month: month,
  });
}
