/**
 * The 督战 marts on hand-built fixtures: 督导覆盖率 (seed 003: every listed village at least once a
 * month), not-visited streaks, visits matched to the issues they found, measure coverage of the
 * 三类重点户, and each 风险消除 rule with a household that breaks it and one that does not.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { PARAMETERS_FILE } from '../../pipelines/generate/listing.ts';
import { household, insertRaw, village } from '../helpers/fixtures.ts';
import { memoryWarehouse } from '../helpers/warehouse.ts';

let wh: Warehouse;
beforeEach(async () => {
  wh = await memoryWarehouse();
});
afterEach(() => wh.close());

const TOWN = '430321200';
const V = (n: number) => `${TOWN}${String(n).padStart(3, '0')}`;
/** 省级: 建档立卡贫困人口 ≥ 500; 市级: ≥ 300 or 未脱贫人口 ≥ 20 (parameters.csv, seed 003). */
const provincial = (n: number) => village(V(n), `省${n}村`, { registered_poor_people: 600 });
const municipal = (n: number) => village(V(n), `市${n}村`, { registered_poor_people: 350 });
const unlisted = (n: number) => village(V(n), `非${n}村`, { registered_poor_people: 50 });

let visitNo = 0;
const visit = (villageCode: string, date: string, level = '县级', group = '义务教育', extra: Record<string, string | number | null> = {}) => ({
  visit_id: `DD-${++visitNo}`, visit_date: date, village_code: villageCode, supervision_level: level, work_group: group, method: '实地', leader_name: '带队甲', ...extra,
});

describe('督导覆盖率', () => {
  it('counts listed villages visited this month over listed villages, by 挂牌级别, 督战级别 and 专项工作组; unlisted visits beside it', async () => {
    await insertRaw(wh, 'village', '2024-05', [provincial(1), municipal(2), municipal(3), unlisted(4), provincial(5)]);
    await insertRaw(wh, 'village', '2024-06', [provincial(1), municipal(2), municipal(3), unlisted(4), provincial(5)]);
    await insertRaw(wh, 'supervision_visit', '2024-06', [
      visit(V(1), '2024-06-03', '市级', '义务教育'),
      visit(V(1), '2024-06-18', '市级', '住房安全'),
      visit(V(2), '2024-06-10', '县级', '基本医疗'),
      // last month's visit, still in June's ledger: it does not cover June
      visit(V(3), '2024-05-20', '县级', '基本医疗'),
      visit(V(4), '2024-06-11', '县级', '产业就业'),
      visit(V(4), '2024-06-25', '县级', '产业就业'),
      visit(V(5), '2024-06-30', '县级', '饮水安全'),
    ]);
    await runModels(wh, { select: '+mart_supervision_coverage' });
    const rows = await wh.all<{ area_level: string; dimension: string; dimension_value: string; listed_villages: number; visited_villages: number; not_visited_villages: number; coverage_rate: number; visits: number; unlisted_villages_visited: number; unlisted_visits: number }>(
      `select area_level, dimension, dimension_value, listed_villages, visited_villages, not_visited_villages, coverage_rate, visits,
         unlisted_villages_visited, unlisted_visits
       from marts.mart_supervision_coverage where area_level in ('town', 'county') and snapshot_month = '2024-06-01'`,
    );
    const get = (level: string, dimension: string, value: string) => rows.find((r) => r.area_level === level && r.dimension === dimension && r.dimension_value === value)!;
    for (const level of ['town', 'county']) {
      expect(get(level, '总体', '全部')).toEqual({
        area_level: level, dimension: '总体', dimension_value: '全部',
        listed_villages: 4, visited_villages: 3, not_visited_villages: 1, coverage_rate: 0.75, visits: 4, unlisted_villages_visited: 1, unlisted_visits: 2,
      });
    }
    expect([get('town', '挂牌级别', '省级').visited_villages, get('town', '挂牌级别', '省级').listed_villages]).toEqual([2, 2]);
    expect([get('town', '挂牌级别', '市级').visited_villages, get('town', '挂牌级别', '市级').listed_villages]).toEqual([1, 2]);
    expect(['省级', '市级', '县级'].map((l) => get('town', '督战级别', l).coverage_rate)).toEqual([0, 0.25, 0.5]);
    expect(get('town', '督战级别', '市级').visits).toBe(2);
    expect(get('town', '专项工作组', '基本医疗').visited_villages).toBe(1);
    expect(get('town', '专项工作组', '产业就业').visited_villages).toBe(0); // only the unlisted village had them
    // No 督导记录 for May: no coverage row, not a false 0%.
    expect((await wh.one<{ n: number }>(`select count(*)::integer as n from marts.mart_supervision_coverage where snapshot_month = '2024-05-01'`)).n).toBe(0);
  });
});

describe('未督导的挂牌村', () => {
  it('counts the months in a row a listed village went without a visit; a visit or a month unlisted starts the count again', async () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05'];
    // V1 listed all along; V2 listed except in March (未脱贫人口 below 20 then).
    for (const m of months) {
      await insertRaw(wh, 'village', m, [provincial(1), village(V(2), '乙村', { unlifted_people: m === '2024-03' ? 5 : 25, registered_poor_people: 25 }), unlisted(3)]);
    }
    const visits: Record<string, ReturnType<typeof visit>[]> = {
      '2024-01': [visit(V(1), '2024-01-15')],
      '2024-02': [visit(V(3), '2024-02-02')],
      '2024-03': [visit(V(3), '2024-03-02')],
      '2024-04': [visit(V(1), '2024-04-09')],
      '2024-05': [visit(V(3), '2024-05-02')],
    };
    for (const m of months) await insertRaw(wh, 'supervision_visit', m, visits[m]!);
    await runModels(wh, { select: '+mart_supervision_gaps' });
    const gaps = await wh.all<{ m: string; village_code: string; months_not_visited: number; last: string | null }>(
      `select strftime(snapshot_month, '%m') as m, village_code, months_not_visited, last_visit_date::varchar as last
       from marts.mart_supervision_gaps order by village_code, m`,
    );
    expect(gaps).toEqual([
      { m: '02', village_code: V(1), months_not_visited: 1, last: '2024-01-15' },
      { m: '03', village_code: V(1), months_not_visited: 2, last: '2024-01-15' },
      { m: '05', village_code: V(1), months_not_visited: 1, last: '2024-04-09' },
      { m: '01', village_code: V(2), months_not_visited: 1, last: null },
      { m: '02', village_code: V(2), months_not_visited: 2, last: null },
      { m: '04', village_code: V(2), months_not_visited: 1, last: null },
      { m: '05', village_code: V(2), months_not_visited: 2, last: null },
    ]);
  });
});

describe('督导发现的问题', () => {
  it('matches issues of source 督战 in the village within the window to the latest visit before them', async () => {
    await insertRaw(wh, 'village', '2024-06', [provincial(1), provincial(2)]);
    await insertRaw(wh, 'supervision_visit', '2024-06', [
      visit(V(1), '2024-06-01', '市级', '义务教育', { visit_id: 'A', issues_found: 1 }),
      visit(V(1), '2024-06-03', '市级', '住房安全', { visit_id: 'B', issues_found: 3 }),
      visit(V(2), '2024-06-03', '市级', '住房安全', { visit_id: 'C', issues_found: 0 }),
    ]);
    const issue = (id: string, villageCode: string, source: string, found: string, status = '整改中') => ({
      issue_id: id, village_code: villageCode, source, category: '住房安全', description: 'x', found_date: found,
      deadline: '2024-07-30', responsible_unit: '乡住建站', status, closed_date: status === '已销号' ? '2024-06-20' : null,
    });
    await insertRaw(wh, 'issue', '2024-06', [
      issue('I1', V(1), '督战', '2024-06-01'), // the day of A
      issue('I2', V(1), '督战', '2024-06-04', '已销号'), // after B: B is the latest visit before it
      issue('I3', V(1), '督战', '2024-06-10'), // 7 days after B: inside the window
      issue('I4', V(1), '督战', '2024-06-11'), // 8 days after B: outside
      issue('I5', V(1), '排查', '2024-06-03'), // not found by 督战
    ]);
    await runModels(wh, { select: '+mart_supervision_visits' });
    const rows = await wh.all(`select visit_id, issues_reported, issues_in_ledger, issues_in_ledger_closed, issues_not_in_ledger from marts.mart_supervision_visits order by visit_id`);
    expect(rows).toEqual([
      { visit_id: 'A', issues_reported: 1, issues_in_ledger: 1, issues_in_ledger_closed: 0, issues_not_in_ledger: 0 },
      { visit_id: 'B', issues_reported: 3, issues_in_ledger: 2, issues_in_ledger_closed: 1, issues_not_in_ledger: 1 },
      { visit_id: 'C', issues_reported: 0, issues_in_ledger: 0, issues_in_ledger_closed: 0, issues_not_in_ledger: 0 },
    ]);
  });
});

const measure = (id: string, villageCode: string, category: string, start: string, extra: Record<string, string | number | null> = {}) => ({
  household_id: id, village_code: villageCode, measure_category: category, start_date: start, status: '实施中', ...extra,
});

describe('帮扶措施覆盖', () => {
  it('counts key households with a measure carried out this year, by kind, and the measures by category', async () => {
    await insertRaw(wh, 'village', '2024-06', [village(V(1), '甲村')]);
    await insertRaw(wh, 'household', '2024-06', [
      household('U1', V(1), 3, '未脱贫户'),
      household('U2', V(1), 2, '未脱贫户'),
      household('M1', V(1), 4, '脱贫户', { monitor_type: '脱贫不稳定户', risk_eliminated: false }),
      household('E1', V(1), 5, '一般户', { monitor_type: '边缘易致贫户', risk_eliminated: false }),
      household('X1', V(1), 2, '脱贫户', { monitor_type: '脱贫不稳定户', risk_eliminated: true }),
      household('G1', V(1), 2, '一般户'),
    ]);
    await insertRaw(wh, 'assistance_measure', '2024-06', [
      measure('U1', V(1), '到户产业', '2024-02-01', { amount: 15000 }),
      measure('U1', V(1), '小额信贷', '2024-03-01', { amount: 50000 }),
      // ended last year: not this year's help
      measure('U2', V(1), '务工就业', '2023-03-01', { status: '已完成', end_date: '2023-12-31' }),
      // only planned
      measure('M1', V(1), '公益岗位', '2024-07-01', { status: '计划' }),
      measure('E1', V(1), '务工就业', '2024-01-10', { status: '已完成', end_date: '2024-04-30', amount: 1500 }),
      measure('X1', V(1), '到户产业', '2024-01-10', { amount: 10000 }),
    ]);
    await runModels(wh, { select: '+mart_measure_coverage' });
    await runModels(wh, { select: '+mart_measures_by_category' });
    const cov = await wh.all(`select key_type, key_households, key_households_with_measure as with_m, key_households_without_measure as without_m
      from marts.mart_measure_coverage where area_level = 'village' order by key_type`);
    expect(cov).toEqual([
      { key_type: '合计', key_households: 4, with_m: 2, without_m: 2 },
      { key_type: '未脱贫户', key_households: 2, with_m: 1, without_m: 1 },
      { key_type: '脱贫监测户', key_households: 1, with_m: 0, without_m: 1 },
      { key_type: '边缘户', key_households: 1, with_m: 1, without_m: 0 },
    ]);
    const cats = await wh.all(`select measure_category, measures, households, key_households, amount_wan::double as wan
      from marts.mart_measures_by_category where area_level = 'village' order by measure_category`);
    expect(cats).toEqual([
      { measure_category: '全部', measures: 4, households: 3, key_households: 2, wan: 7.65 },
      { measure_category: '到户产业', measures: 2, households: 2, key_households: 1, wan: 2.5 },
      { measure_category: '务工就业', measures: 1, households: 1, key_households: 1, wan: 0.15 },
      { measure_category: '小额信贷', measures: 1, households: 1, key_households: 1, wan: 5 },
    ]);
  });
});

describe('风险消除合规', () => {
  // Marked 风险消除 in August; income snapshots February–August, the line 7300元 (Hunan, 2024).
  const months = ['2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08'];
  const eliminated = (id: string, extra: Record<string, string | number | boolean | null> = {}) =>
    household(id, V(1), 2, '脱贫户', { monitor_type: '脱贫不稳定户', risk_eliminated: true, identified_date: '2023-10-01', eliminated_date: '2024-08-05', labor_count: 1, wage_income: 20000, ...extra });
  /** Income 20000 ÷ 2 = 10000元 per person: above the line; 12000 ÷ 2 = 6000: below. */
  const below = { wage_income: 12000 };

  async function judge(households: (m: string) => ReturnType<typeof eliminated>[], measures: ReturnType<typeof measure>[]) {
    for (const m of months) {
      await insertRaw(wh, 'village', m, [village(V(1), '甲村')]);
      await insertRaw(wh, 'household', m, households(m));
    }
    await insertRaw(wh, 'assistance_measure', '2024-08', measures);
    await runModels(wh, { select: '+mart_elimination_compliance_by_area' });
    return wh.all<{ id: string; breaks_no_measure: boolean; breaks_income: boolean; breaks_no_labour: boolean; is_compliant: boolean }>(
      `select h.household_id as id, c.breaks_no_measure, c.breaks_income, c.breaks_no_labour, c.is_compliant
       from marts.mart_elimination_compliance c join staging.stg_household h using (snapshot_month, household_key)
       where c.snapshot_month = '2024-08-01' order by 1`,
    );
  }

  it('无帮扶措施: a household with no measure carried out breaks it; one with a measure does not', async () => {
    const rows = await judge(() => [eliminated('OK'), eliminated('NO-MEASURE')], [
      measure('OK', V(1), '到户产业', '2024-03-01'),
      measure('NO-MEASURE', V(1), '公益岗位', '2024-09-01', { status: '计划' }),
    ]);
    expect(rows.map((r) => [r.id, r.breaks_no_measure, r.is_compliant])).toEqual([['NO-MEASURE', true, false], ['OK', false, true]]);
  });

  it('收入不稳定: income below the line in any of the last 6 months breaks it; a dip 7 months back does not', async () => {
    const rows = await judge(
      (m) => [eliminated('DIP-MARCH', m === '2024-03' ? below : {}), eliminated('DIP-FEB', m === '2024-02' ? below : {})],
      [measure('DIP-MARCH', V(1), '到户产业', '2024-03-01'), measure('DIP-FEB', V(1), '到户产业', '2024-03-01')],
    );
    expect(rows.map((r) => [r.id, r.breaks_income, r.is_compliant])).toEqual([['DIP-FEB', false, true], ['DIP-MARCH', true, false]]);
  });

  it('无劳动力无兜底: no labour and neither 低保 nor 特困 breaks it; no labour under 低保 does not', async () => {
    const rows = await judge(
      () => [eliminated('NO-LABOUR', { labor_count: 0 }), eliminated('NO-LABOUR-DIBAO', { labor_count: 0, dibao: true })],
      [measure('NO-LABOUR', V(1), '医疗帮扶', '2024-03-01'), measure('NO-LABOUR-DIBAO', V(1), '兜底保障', '2024-03-01')],
    );
    expect(rows.map((r) => [r.id, r.breaks_no_labour, r.is_compliant])).toEqual([['NO-LABOUR', true, false], ['NO-LABOUR-DIBAO', false, true]]);
    const area = await wh.one(`select eliminated_households, noncompliant_households, no_labour_no_dibao_households from marts.mart_elimination_compliance_by_area
      where area_level = 'village' and snapshot_month = '2024-08-01'`);
    expect(area).toEqual({ eliminated_households: 2, noncompliant_households: 1, no_labour_no_dibao_households: 1 });
  });

  it('each rule is a parameter with its source', () => {
    const rows = fs.readFileSync(PARAMETERS_FILE, 'utf8').split(/\r?\n/).map((l) => l.split(','));
    for (const name of ['elimination_min_measures', 'elimination_stable_months', 'elimination_no_labour_requires_dibao', 'supervision_min_visits_per_month']) {
      const row = rows.find((r) => r[0] === name);
      expect(row, name).toBeDefined();
      expect(row![6], name).toMatch(/seed 00\d/);
    }
  });
});
