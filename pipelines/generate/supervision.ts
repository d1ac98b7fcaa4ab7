import { supervisionVisitContract, type SUPERVISION_LEVELS, type SUPERVISION_METHODS, type WORK_GROUPS } from '../contracts/supervision-visit.ts';
import { Calendar } from './calendar.ts';
import { RowShape } from './cells.ts';
import { personName } from './identities.ts';
import type { IssuePlan } from './issues.ts';
import type { County, Town, Village } from './places.ts';
import { Rng, WeightedTable } from './random.ts';

/**
 * The 督导记录 (seed 003: 市、县挂牌督战队伍每月对督战对象开展不少于一次的督导，建立督战台帐). Each
 * month every listed village (by the listing rule on that month's figures, as mart_listing reads
 * them) gets one to three visits from seed 000's 专项工作组 — 市级 teams at 省级-listed villages, 县级
 * teams at 市级-listed ones — except that some are missed, more often where the village lags and
 * again after a miss, so some go unvisited for months in a row. A few visits go to villages that
 * are not listed. Every issue the ledger records with source 督战 was found on a visit that day,
 * and that visit reports it; now and then a visit reports one more than the ledger holds.
 */

type Level = (typeof SUPERVISION_LEVELS)[number];
type Group = (typeof WORK_GROUPS)[number];
type Method = (typeof SUPERVISION_METHODS)[number];

export type Listing = 'provincial' | 'municipal';

export interface VisitPlan {
  id: string;
  village: Village;
  date: string;
  level: Level;
  group: Group;
  method: Method;
  issuesFound: number;
  leader: string;
  /** ISO date of the feedback to the village, or null when none was given. */
  feedback: string | null;
}

export interface VisitPlace {
  county: County;
  town: Town;
  village: Village;
}

export const visitShape = new RowShape(supervisionVisitContract);

const GROUPS: readonly Group[] = ['义务教育', '基本医疗', '住房安全', '饮水安全', '产业就业', '易地搬迁', '综合兜底'];
const METHODS = new WeightedTable<Method>([['实地', 70], ['座谈', 15], ['电话', 8], ['查阅资料', 5], ['暗访', 2]]);
const GROUP_OF_CATEGORY: Partial<Record<IssuePlan['category'], Group>> = {
  义务教育: '义务教育', 基本医疗: '基本医疗', 住房安全: '住房安全', 饮水安全: '饮水安全',
  产业: '产业就业', 就业: '产业就业', 易地搬迁: '易地搬迁', 兜底保障: '综合兜底',
};

/** Chance that a listed village gets no visit in a month: small, larger where it lags, high after a miss. */
function missChance(lag: number, missedLastMonth: boolean): number {
  return missedLastMonth ? 0.45 : 0.04 + 0.1 * lag;
}

/** Chance that an unlisted village gets a visit in a month. */
const UNLISTED_VISIT = 0.1;

export function planVisits(
  seed: number,
  calendar: Calendar,
  places: readonly VisitPlace[],
  listedAt: readonly ReadonlyMap<string, Listing>[],
  issues: readonly IssuePlan[],
): VisitPlan[] {
  const found = new Map<string, IssuePlan[]>();
  for (const i of issues) {
    if (i.source !== '督战') continue;
    const key = `${i.village.code}|${i.found}`;
    const list = found.get(key) ?? [];
    list.push(i);
    found.set(key, list);
  }
  const missed = new Set<string>();
  const byTownMonth = new Map<string, Omit<VisitPlan, 'id'>[]>();
  for (const cm of calendar.months) {
    const listed = listedAt[cm.index] ?? new Map<string, Listing>();
    for (const { town, village } of places) {
      const r = Rng.of(seed, 'visits', village.code, cm.month);
      const listing = listed.get(village.code);
      const visits: Omit<VisitPlan, 'id'>[] = [];
      const teamLevel = (): Level => (listing === 'provincial' ? (r.chance(0.8) ? '市级' : '省级') : listing === 'municipal' ? (r.chance(0.8) ? '县级' : '市级') : '县级');
      const visit = (date: string, group: Group): Omit<VisitPlan, 'id'> => ({
        village, date, level: teamLevel(), group, method: METHODS.draw(r), issuesFound: 0,
        leader: personName(r, r.chance(0.75)),
        feedback: r.chance(0.95) ? Calendar.addDays(date, r.int(1, 12)) : null,
      });
      const dayOf = () => calendar.date(cm.index, r.int(1, cm.daysInMonth));
      if (listing) {
        if (r.chance(missChance(village.lag, missed.has(village.code)))) missed.add(village.code);
        else {
          missed.delete(village.code);
          const n = r.weighted([[1, 5], [2, 3], [3, 1]] as const);
          for (let k = 0; k < n; k++) visits.push(visit(dayOf(), r.pick(GROUPS)));
        }
      } else if (r.chance(UNLISTED_VISIT)) visits.push(visit(dayOf(), r.pick(GROUPS)));
      // Issues of source 督战 were found on a visit that day.
      for (let d = 1; d <= cm.daysInMonth; d++) {
        const date = calendar.date(cm.index, d);
        const here = found.get(`${village.code}|${date}`);
        if (!here) continue;
        let v = visits.find((x) => x.date === date);
        if (!v) {
          v = visit(date, GROUP_OF_CATEGORY[here[0]!.category] ?? r.pick(GROUPS));
          visits.push(v);
          if (listing) missed.delete(village.code);
        }
        v.issuesFound += here.length;
      }
      for (const v of visits) if (r.chance(0.05)) v.issuesFound += 1;
      const key = `${town.code}|${cm.month}`;
      const list = byTownMonth.get(key) ?? [];
      list.push(...visits);
      byTownMonth.set(key, list);
    }
  }
  const out: VisitPlan[] = [];
  for (const [key, list] of byTownMonth) {
    const [townCode, month] = key.split('|') as [string, string];
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.village.code < b.village.code ? -1 : a.village.code > b.village.code ? 1 : 0));
    list.forEach((v, i) => out.push({ ...v, id: `DD${townCode}-${month.replace('-', '')}-${String(i + 1).padStart(3, '0')}` }));
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}


/** The 督战台账 at a month's end: visits so far, feedback dated by then. */
export function visitRow(v: VisitPlan, endDate: string, month: string): string[] {
  return visitShape.row({
    visit_id: v.id,
    visit_date: v.date,
    village_code: v.village.code,
    supervision_level: v.level,
    work_group: v.group,
    method: v.method,
    issues_found: String(v.issuesFound),
    leader_name: v.leader,
    feedback_date: v.feedback !== null && v.feedback <= endDate ? v.feedback : '',
    data_month: month,
  });
}

