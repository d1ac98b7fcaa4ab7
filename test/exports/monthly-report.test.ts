/**
 * The 督战进展情况月报表 a county sends up each month end (seed 003): a fixed printable table, one
 * row per town and the county total, whose figures equal the marts, and which passes the privacy
 * gate. Built on a hand-made county of two towns so that the towns and the total differ.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyselyFor } from '../../core/kysely.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { monthlyReportXlsx, REPORT_COLUMNS } from '../../exports/monthly-report.ts';
import type { Database } from '../../models/generated/database.ts';
import { runModels } from '../../models/runner/run.ts';
import { runGate } from '../../privacy/gate.ts';
import { household, insertRaw, village } from '../helpers/fixtures.ts';
import { tempDir } from '../helpers/warehouse.ts';

const A1 = '430321100001'; // 省级 (建档立卡贫困人口 600), visited
const A2 = '430321100002'; // not listed, visited anyway
const B1 = '430321200001'; // 市级 (350), not visited
let wh: Warehouse;
let dir: string;
let db: string;
let file: string;
let cells: (string | number | null)[][];

beforeAll(async () => {
  dir = tempDir('monthly');
  db = path.join(dir, 'w.duckdb');
  wh = await Warehouse.open(db);
  for (const m of ['2024-05', '2024-06']) {
    await insertRaw(wh, 'village', m, [
      village(A1, '甲村', { town_name: '甲镇', registered_poor_people: 600, agri_population: 100, unlifted_households: 2, unlifted_people: 6, responsible_person: '司马光明' }),
      village(A2, '乙村', { town_name: '甲镇', registered_poor_people: 50, agri_population: 50 }),
      village(B1, '丙村', { town_name: '乙乡', registered_poor_people: 350, agri_population: 80, unlifted_households: 1, unlifted_people: 2 }),
    ]);
    await insertRaw(wh, 'household', m, [
      household('A1-01', A1, 3, '未脱贫户', { head_name: '欧阳春华' }),
      household('A1-02', A1, 3, '未脱贫户', { head_name: '诸葛秋菊' }),
      household('A1-03', A1, 2, '脱贫户', { head_name: '上官冬梅', monitor_type: '脱贫不稳定户', risk_eliminated: m === '2024-06', labor_count: 0, wage_income: 30000 }),
      household('A2-01', A2, 4, '一般户', { head_name: '皇甫夏莲', monitor_type: '边缘易致贫户', risk_eliminated: false, labor_count: 2, wage_income: 40000 }),
      household('B1-01', B1, 2, '未脱贫户', { head_name: '东方晓燕' }),
    ]);
  }
  await insertRaw(wh, 'supervision_visit', '2024-06', [
    { visit_id: 'DD-1', visit_date: '2024-06-12', village_code: A1, supervision_level: '市级', work_group: '住房安全', method: '实地', leader_name: '慕容云飞' },
    { visit_id: 'DD-2', visit_date: '2024-06-20', village_code: A2, supervision_level: '县级', work_group: '产业就业', method: '实地', leader_name: '慕容云飞' },
  ]);
  await insertRaw(wh, 'assistance_measure', '2024-06', [
    { household_id: 'A1-01', village_code: A1, measure_category: '到户产业', start_date: '2024-02-01', status: '实施中', amount: 12000 },
    { household_id: 'A2-01', village_code: A2, measure_category: '务工就业', start_date: '2024-03-01', status: '实施中' },
  ]);
  await insertRaw(wh, 'issue', '2024-06', [
    { issue_id: 'Q1', village_code: A1, source: '排查', category: '住房安全', description: '欧阳春华户危房', found_date: '2024-04-01', deadline: '2024-05-31', responsible_unit: '甲镇住建站', responsible_person: '令狐冲', status: '整改中' },
  ]);
  await runModels(wh);
  file = path.join(dir, '月报表.xlsx');
  await monthlyReportXlsx(kyselyFor<Database>(wh), { code: '430321', name: '测试县', month: new Date('2024-06-01T00:00:00Z'), monthKey: '2024-06' }, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  cells = [];
  ws.eachRow({ includeEmpty: true }, (r) => cells.push((r.values as (string | number | null)[]).slice(1)));
});
afterAll(() => wh.close());

const column = (title: string) => cells[4]!.indexOf(title);
const rowOf = (name: string) => cells.find((r) => r[1] === name)!;
const value = (name: string, title: string) => (rowOf(name)[column(title)] ?? null) as number | null;

describe('督战进展情况月报表', () => {
  it('has the fixed layout: title, 填报单位 and date, units, grouped headers, one row per town and 合计, notes', () => {
    expect(cells[0]![0]).toBe('测试县脱贫攻坚挂牌督战进展情况月报表');
    expect(String(cells[1]![0])).toMatch(/^填报单位：测试县/);
    expect(cells[1]!.some((c) => c === '数据截至：2024年6月30日')).toBe(true);
    expect(String(cells[2]![0])).toMatch(/^单位：户、人、个、万元/);
    expect(cells[3]!.slice(0, 3)).toEqual(['序号', '乡镇', '督导']);
    expect(cells[4]!.slice(2)).toEqual(REPORT_COLUMNS.map((c) => c.title));
    expect(cells.slice(5, 8).map((r) => [r[0], r[1]])).toEqual([['1', '甲镇'], ['2', '乙乡'], ['', '合计']]);
    expect(String(cells[8]![0])).toMatch(/^说明：/);
  });

  it('the total row is the county in the marts, and equals what was planted', async () => {
    const k = await wh.one<Record<string, number | null>>(
      `select listed_villages, visited_listed_villages, supervision_coverage_rate, remaining_poor_households, remaining_poor_people,
         key_households, key_households_without_measure, noncompliant_eliminated_households, issues_total, issues_overdue
       from marts.mart_kpi where area_code = '430321' and snapshot_month = '2024-06-01'`,
    );
    expect([value('合计', '挂牌督战村（个）'), value('合计', '已督导（个）'), value('合计', '督导覆盖率（%）')]).toEqual([k.listed_villages, k.visited_listed_villages, k.supervision_coverage_rate]);
    expect([value('合计', '未脱贫户（户）'), value('合计', '未脱贫人口（人）'), value('合计', '重点户（户）'), value('合计', '无帮扶措施（户）')])
      .toEqual([k.remaining_poor_households, k.remaining_poor_people, k.key_households, k.key_households_without_measure]);
    expect([value('合计', '风险消除不合规（户）'), value('合计', '问题总数（个）'), value('合计', '逾期未销号（个）')]).toEqual([k.noncompliant_eliminated_households, k.issues_total, k.issues_overdue]);
    // By hand: 甲村 and 丙村 are listed, only 甲村 was visited; 3 未脱贫户 with 8 people; with the edge
    // household of 乙村 4 key households, of which one 甲村 household and 丙村's have no measure; the
    // household of 甲村 marked 风险消除 has no labour and no 兜底.
    expect([value('合计', '挂牌督战村（个）'), value('合计', '已督导（个）'), value('合计', '督导覆盖率（%）')]).toEqual([2, 1, 0.5]);
    expect([value('合计', '未脱贫户（户）'), value('合计', '未脱贫人口（人）'), value('合计', '重点户（户）'), value('合计', '无帮扶措施（户）')]).toEqual([3, 8, 4, 2]);
    expect(value('合计', '风险消除不合规（户）')).toBe(1);
  });

  it('the towns add up to the total for every count, and the red flags equal mart_red_flags', async () => {
    const counts = REPORT_COLUMNS.filter((c) => c.numFmt === '#,##0').map((c) => c.title);
    for (const title of counts) {
      expect((value('甲镇', title) ?? 0) + (value('乙乡', title) ?? 0), title).toBe(value('合计', title) ?? 0);
    }
    const flags = await wh.all<{ flag_type: string; town: string; n: number }>(
      `select flag_type, left(village_code, 9) as town, count(*)::integer as n from marts.mart_red_flags where snapshot_month = '2024-06-01' group by all`,
    );
    for (const f of flags) expect(value(f.town === '430321100' ? '甲镇' : '乙乡', f.flag_type), `${f.town} ${f.flag_type}`).toBe(f.n);
    expect(value('合计', '合计')).toBe(flags.reduce((s, f) => s + f.n, 0));
    expect(value('乙乡', '未督导村')).toBe(1);
    expect(value('甲镇', '风险消除不合规')).toBe(1);
  });

  it('carries no personal data and passes the privacy gate', async () => {
    const text = JSON.stringify(cells);
    for (const name of ['欧阳春华', '诸葛秋菊', '上官冬梅', '皇甫夏莲', '东方晓燕', '慕容云飞', '司马光明', '令狐冲', 'A1-01']) expect(text, name).not.toContain(name);
    const report = await runGate(file, { warehouse: db, audience: 'internal' });
    expect(report.findings).toEqual([]);
  });
});
