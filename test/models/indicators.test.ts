import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { household, insertRaw, village } from '../helpers/fixtures.ts';
import { memoryWarehouse } from '../helpers/warehouse.ts';

let wh: Warehouse;
beforeEach(async () => {
  wh = await memoryWarehouse();
});
afterEach(() => wh.close());

const V1 = '430321200001';

/** Households whose sizes add up to `people`, in `count` households (sizes 1–30). */
function households(prefix: string, count: number, people: number, type: string, extra = {}) {
  const base = Math.floor(people / count);
  let rest = people - base * count;
  return Array.from({ length: count }, (_, i) => household(`${prefix}-${String(i).padStart(5, '0')}`, V1, base + (rest-- > 0 ? 1 : 0), type, extra));
}

describe('贫困发生率', () => {
  it('2726 ÷ 10382 → 26.3% at the baseline and 34 ÷ 10382 → 0.33% at the end (seed 001)', async () => {
    const v = village(V1, '甲村', { agri_households: 2550, agri_population: 10382 });
    await insertRaw(wh, 'village', '2024-01', [v]);
    await insertRaw(wh, 'village', '2024-12', [v]);
    await insertRaw(wh, 'household', '2024-01', [...households('P', 723, 2726, '未脱贫户'), ...households('G', 1827, 10382 - 2726, '一般户')]);
    await insertRaw(wh, 'household', '2024-12', [
      ...households('P', 10, 34, '未脱贫户'),
      ...households('Q', 713, 2692, '脱贫户'),
      ...households('G', 1827, 10382 - 2726, '一般户'),
    ]);
    await runModels(wh, { select: '+mart_poverty_incidence' });
    const rows = await wh.all<{ m: string; households: number; people: number; incidence: number; change: number | null }>(
      `select strftime(snapshot_month, '%Y-%m') as m, remaining_poor_households as households, remaining_poor_people as people,
         poverty_incidence as incidence, incidence_change_pp as change
       from marts.mart_poverty_incidence where area_level = 'village' order by 1`,
    );
    expect(rows.map((r) => [r.m, r.households, r.people])).toEqual([['2024-01', 723, 2726], ['2024-12', 10, 34]]);
    expect((rows[0]!.incidence * 100).toFixed(1)).toBe('26.3');
    expect((rows[1]!.incidence * 100).toFixed(2)).toBe('0.33');
    expect(rows[1]!.change).toBeCloseTo((34 - 2726) / 10382 * 100, 10);
  });
});

describe('三类重点户', () => {
  it('counts 未脱贫, 脱贫监测 and 边缘 in 户 and 人 (seed 001: 10户34人, 13户55人, 26户103人)', async () => {
    await insertRaw(wh, 'village', '2024-12', [village(V1, '甲村', { agri_population: 10382 })]);
    await insertRaw(wh, 'household', '2024-12', [
      ...households('U', 10, 34, '未脱贫户'),
      ...households('M', 13, 55, '脱贫户', { monitor_type: '脱贫不稳定户', risk_eliminated: false }),
      ...households('E', 26, 103, '一般户', { monitor_type: '边缘易致贫户', risk_eliminated: false }),
      // eliminated risk no longer counts
      ...households('X', 5, 20, '脱贫户', { monitor_type: '脱贫不稳定户', risk_eliminated: true }),
    ]);
    await runModels(wh, { select: '+mart_key_households' });
    const k = await wh.one(`select unlifted_households, unlifted_people, monitored_households, monitored_people, edge_households, edge_people, key_households, key_people
      from marts.mart_key_households where area_level = 'village'`);
    expect(k).toEqual({
      unlifted_households: 10, unlifted_people: 34, monitored_households: 13, monitored_people: 55,
      edge_households: 26, edge_people: 103, key_households: 49, key_people: 192,
    });
  });
});

describe('整改销号率', () => {
  it('61 of 62 issues closed → 98.4%, with open, overdue and 清零', async () => {
    await insertRaw(wh, 'village', '2024-06', [village(V1, '甲村')]);
    const issue = (i: number, status: string, deadline = '2024-06-30') => ({
      issue_id: `Q${i}`, village_code: V1, source: '排查', category: '住房安全', description: 'x', found_date: '2024-04-01',
      deadline, responsible_unit: '乡住建站', status, closed_date: status === '已销号' ? '2024-05-20' : null,
    });
    await insertRaw(wh, 'issue', '2024-06', [...Array.from({ length: 61 }, (_, i) => issue(i, '已销号')), issue(99, '整改中', '2024-06-15')]);
    await runModels(wh, { select: '+mart_issue_clearance' });
    const c = await wh.one<{ issues_total: number; issues_closed: number; clearance_rate: number; issues_open: number; issues_overdue: number; is_cleared: boolean }>(
      `select issues_total, issues_closed, clearance_rate, issues_open, issues_overdue, is_cleared
       from marts.mart_issue_clearance where area_level = 'village' and dimension = '总体'`,
    );
    expect((c.clearance_rate * 100).toFixed(1)).toBe('98.4');
    expect(c).toMatchObject({ issues_total: 62, issues_closed: 61, issues_open: 1, issues_overdue: 1, is_cleared: false });
  });
});

describe('资金支出率与序时进度', () => {
  it('judges disbursement against months elapsed ÷ 12 (end of April = 33.3%) and by day', async () => {
    await insertRaw(wh, 'village', '2024-04', [village(V1, '甲村')]);
    await insertRaw(wh, 'fund_allocation', '2024-04', [
      { allocation_id: 'A1', project_id: 'P1', project_name: '产业', fund_category: '到户产业奖补', village_code: V1, amount: 100000, allocated_date: '2024-02-01' },
    ]);
    await insertRaw(wh, 'fund_payment', '2024-04', [
      { payment_id: 'Z1', project_id: 'P1', fund_category: '到户产业奖补', village_code: V1, amount: 25000, paid_date: '2024-03-01' },
    ]);
    await runModels(wh, { select: '+mart_fund_disbursement' });
    const f = await wh.one<{ disbursement_rate: number; schedule_by_month: number; gap_pp_by_month: number; schedule_by_day: number }>(
      `select disbursement_rate, schedule_by_month, gap_pp_by_month, schedule_by_day from marts.mart_fund_disbursement`,
    );
    expect(f.disbursement_rate).toBe(0.25);
    expect((f.schedule_by_month * 100).toFixed(1)).toBe('33.3');
    expect(f.gap_pp_by_month).toBeCloseTo(25 - 100 / 3, 10);
    expect(f.schedule_by_day).toBeCloseTo(121 / 366, 10); // 2024 is a leap year; 30 April is day 121
  });
});

describe('挂牌督战 listing rules on seed 003’s annex tables', () => {
  it('gives 6 省级, 30 市级 and 2 villages meeting both 市级 thresholds (双桥村, 三富村)', async () => {
    const csv = fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'seed003-listed-villages.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i]!, v])));
    await insertRaw(
      wh,
      'village',
      '2020-03',
      rows.map((r, i) =>
        village(`4303${String(i + 1).padStart(8, '0')}`, r.village!, {
          town_name: r.town!, county_name: r.county!, village_category: '十三五贫困村',
          agri_population: 5000, registered_poor_people: Number(r.poor_people), unlifted_people: Number(r.unlifted_people),
        }),
      ),
    );
    await runModels(wh, { select: '+mart_listing' });
    const levels = await wh.all<{ listing_level: string; n: number }>(`select listing_level, count(*)::integer as n from marts.mart_listing group by 1 order by 1`);
    expect(levels).toEqual([{ listing_level: '市级', n: 30 }, { listing_level: '省级', n: 6 }]);
    const both = await wh.all<{ village_name: string }>(`select village_name from marts.mart_listing where meets_both_city_thresholds and listing_level = '市级' order by 1`);
    expect(both.map((b) => b.village_name)).toEqual(['三富村', '双桥村']);
    // every annex row is listed at the level of the annex it appears in
    const byAnnex = await wh.all<{ village_name: string; listing_level: string }>(`select village_name, listing_level from marts.mart_listing`);
    for (const r of rows) expect(byAnnex.find((b) => b.village_name === r.village)?.listing_level, r.village).toBe(r.annex);
    const reason = await wh.one<{ listing_reason: string }>(`select listing_reason from marts.mart_listing where village_name = '双桥村'`);
    expect(reason.listing_reason).toBe('建档立卡贫困人口309人≥300；未脱贫人口25人≥20');
  });
});

describe('多维贫困 (Alkire-Foster)', () => {
  it('computes H, A, M0 and contributions over people', async () => {
    await insertRaw(wh, 'village', '2024-06', [village(V1, '甲村', { agri_population: 10 })]);
    const ok = { education_ok: true, medical_ok: true, housing_ok: true, water_ok: true, wage_income: 50000 };
    await insertRaw(wh, 'household', '2024-06', [
      // 2 people deprived in education, housing and water: score 0.6 ≥ 0.4 → poor
      household('A', V1, 2, '脱贫户', { ...ok, education_ok: false, housing_ok: false, water_ok: false }),
      // 3 people deprived in medical only: 0.2 < 0.4 → not poor (censored)
      household('B', V1, 3, '脱贫户', { ...ok, medical_ok: false }),
      // 5 people deprived in housing and income (no income): 0.4 → poor
      household('C', V1, 5, '脱贫户', { ...ok, housing_ok: false, wage_income: 0 }),
    ]);
    await runModels(wh, { select: '+mart_multidimensional_poverty' });
    const m = await wh.one<Record<string, number>>(`select headcount_ratio_h, intensity_a, m0, contribution_education, contribution_housing, contribution_medical, contribution_income
      from marts.mart_multidimensional_poverty where area_level = 'village'`);
    expect(m.headcount_ratio_h).toBeCloseTo(7 / 10, 12);
    expect(m.intensity_a).toBeCloseTo((2 * 0.6 + 5 * 0.4) / 7, 12);
    expect(m.m0).toBeCloseTo((2 * 0.6 + 5 * 0.4) / 10, 12);
    expect(m.contribution_medical).toBe(0);
    expect(m.contribution_education).toBeCloseTo((0.2 * 2) / 3.2, 12);
    expect(m.contribution_housing).toBeCloseTo((0.2 * 7) / 3.2, 12);
    expect(m.contribution_income).toBeCloseTo((0.2 * 5) / 3.2, 12);
  });
});

describe('防返贫监测 transitions', () => {
  it('counts identification, 风险消除, 回退, and flags an elimination with income below the line in the last six months', async () => {
    await insertRaw(wh, 'village', '2024-05', [village(V1, '甲村')]);
    await insertRaw(wh, 'village', '2024-06', [village(V1, '甲村')]);
    await insertRaw(wh, 'village', '2024-07', [village(V1, '甲村')]);
    const m = (id: string, eliminated: boolean | null, income = 20000) => household(id, V1, 2, '脱贫户', { monitor_type: '脱贫不稳定户', risk_eliminated: eliminated, wage_income: income, labor_count: 1 });
    // A's income was below the 7300元 line in May (12000 ÷ 2): marking it 风险消除 in June breaks the rule.
    await insertRaw(wh, 'household', '2024-05', [m('A', false, 12000), household('B', V1, 2, '一般户')]);
    await insertRaw(wh, 'household', '2024-06', [m('A', true), m('B', false)]);
    await insertRaw(wh, 'household', '2024-07', [m('A', false), m('B', false)]);
    await runModels(wh, { select: '+mart_monitoring_transitions' });
    const rows = await wh.all<Record<string, number | string>>(`select strftime(snapshot_month, '%Y-%m') as m, newly_identified_households as new, eliminated_households as elim,
        relapsed_households as back, at_risk_households as risk, eliminated_breaking_rules_households as bad
      from marts.mart_monitoring_transitions where area_level = 'village' order by 1`);
    expect(rows).toEqual([
      { m: '2024-05', new: 1, elim: 0, back: 0, risk: 1, bad: 0 },
      { m: '2024-06', new: 1, elim: 1, back: 0, risk: 1, bad: 1 }, // A below the line within the last six months
      { m: '2024-07', new: 0, elim: 0, back: 1, risk: 2, bad: 0 },
    ]);
  });
});

describe('两不愁三保障缺口', () => {
  it('a C-grade house rebuilt to grade A counts as resolved, a house that became D-grade as new (住房安全 includes 危房 in both months)', async () => {
    const v = village(V1, '甲村', { agri_households: 2, agri_population: 6 });
    await insertRaw(wh, 'village', '2024-05', [v]);
    await insertRaw(wh, 'village', '2024-06', [v]);
    // the housing check passes throughout; only the house grade changes
    await insertRaw(wh, 'household', '2024-05', [
      household('H-rebuilt', V1, 3, '一般户', { housing_grade: 'C', housing_ok: true }),
      household('H-decayed', V1, 3, '一般户', { housing_grade: 'A', housing_ok: true }),
    ]);
    await insertRaw(wh, 'household', '2024-06', [
      household('H-rebuilt', V1, 3, '一般户', { housing_grade: 'A', housing_ok: true }),
      household('H-decayed', V1, 3, '一般户', { housing_grade: 'D', housing_ok: true }),
    ]);
    await runModels(wh);
    const june = await wh.one<{ gap: number; resolved: number; fresh: number }>(
      `select gap_households::integer as gap, resolved_households::integer as resolved, new_gap_households::integer as fresh
       from marts.mart_guarantee_gaps where area_code = ? and snapshot_month = '2024-06-01' and indicator = '住房安全'`,
      [V1],
    );
    expect(june).toEqual({ gap: 1, resolved: 1, fresh: 1 });
    // the ranking and the MPI read the same flags: one household in two has a 三保障 gap in June
    const share = await wh.one<{ s: number }>(`select gap_household_share as s from marts.mart_village_ranking where village_code = ? and snapshot_month = '2024-06-01'`, [V1]);
    expect(share.s).toBe(0.5);
  });
});
