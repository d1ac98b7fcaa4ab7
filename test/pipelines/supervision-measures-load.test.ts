/**
 * The two 督战 ledgers (督导记录, 帮扶措施台账) load like the other five: by code or by names,
 * with units in headers, synonyms, warnings for descriptive values, rejects naming the row, and
 * partial loads that replace only the villages a file covers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { loadTwinRegister, writeMonthCsv } from '../helpers/register.ts';
import { memoryWarehouse, tempDir } from '../helpers/warehouse.ts';

const MONTH = '2024-06';
let wh: Warehouse;
let dir: string;
beforeEach(async () => {
  wh = await memoryWarehouse();
  dir = tempDir('duzhan');
});
afterEach(() => wh.close());

const write = (name: string, rows: string[][]) => writeMonthCsv(dir, MONTH, name, rows);
const loadRegister = () => loadTwinRegister(wh, dir, MONTH);

const VISIT_HEADER = ['督导编号', '督导日期', '行政村代码', '督战级别', '专项工作组', '督导方式', '发现问题数', '带队领导', '反馈日期', '数据月份'];
const visit = (id: string, village: string, o: Partial<Record<'date' | 'level' | 'group' | 'method' | 'found' | 'leader' | 'feedback', string>> = {}) => [
  id, o.date ?? '2024-06-05', village, o.level ?? '县级', o.group ?? '义务教育', o.method ?? '实地', o.found ?? '0', o.leader ?? '欧阳建国', o.feedback ?? '', MONTH,
];

const MEASURE_HEADER = ['户编号', '行政村代码', '措施类别', '开始日期', '结束日期', '状态', '金额（元）', '责任单位', '数据月份'];
const measure = (id: string, village: string, o: Partial<Record<'category' | 'start' | 'end' | 'status' | 'amount', string>> = {}) => [
  id, village, o.category ?? '到户产业', o.start ?? '2024-03-01', o.end ?? '', o.status ?? '实施中', o.amount ?? '', '湘潭县农业农村局', MONTH,
];

describe('督导记录', () => {
  it('loads by code, maps the groups’ long names and method synonyms, and warns on a group it does not know', async () => {
    const f = write('督导记录.csv', [
      VISIT_HEADER,
      visit('DD-1', '430321200001', { group: '义务教育保障专项工作组', method: '进村入户', level: '县', found: '2', feedback: '2024-06-09' }),
      visit('DD-2', '430321200002', { group: '产业、就业扶贫专项工作组', level: '市级督战' }),
      visit('DD-3', '430321200002', { group: '纪检组', method: '明察暗访' }),
    ]);
    const [r] = await loadPaths(wh, [f]);
    expect(r).toMatchObject({ entity: 'supervision_visit', status: 'loaded', read: 3, loaded: 3, rejected: 0, warned: 1 });
    expect(await wh.all(`select visit_id, supervision_level, work_group, method, issues_found, feedback_date::varchar as fb from raw.supervision_visit order by 1`)).toEqual([
      { visit_id: 'DD-1', supervision_level: '县级', work_group: '义务教育', method: '实地', issues_found: 2, fb: '2024-06-09' },
      { visit_id: 'DD-2', supervision_level: '市级', work_group: '产业就业', method: '实地', issues_found: 0, fb: null },
      { visit_id: 'DD-3', supervision_level: '县级', work_group: '其他', method: '暗访', issues_found: 0, fb: null },
    ]);
    expect(await wh.all(`select column_name, value from raw.warnings`)).toEqual([{ column_name: 'work_group', value: '纪检组' }]);
  });

  it('refuses an unknown 督战级别, feedback before the visit, a visit after the data month and a repeated 督导编号, naming row and column', async () => {
    const f = write('督导记录.csv', [
      VISIT_HEADER,
      visit('DD-1', '430321200001', { level: '乡级' }),
      visit('DD-2', '430321200001', { date: '2024-06-10', feedback: '2024-06-01' }),
      visit('DD-3', '430321200001', { date: '2024-07-02' }),
      visit('DD-4', '430321200002'),
      visit('DD-4', '430321200002', { date: '2024-06-20' }),
      visit('DD-5', '430321200002'),
    ]);
    const [r] = await loadPaths(wh, [f]);
    expect(r).toMatchObject({ status: 'loaded', read: 6, loaded: 1, rejected: 5 });
    const rejects = await wh.all<{ row_number: number; column_name: string; rule: string; message_zh: string }>(
      `select row_number, column_name, rule, message_zh from raw.rejects order by row_number, rule`,
    );
    expect(rejects.map((x) => [x.row_number, x.column_name, x.rule])).toEqual([
      [2, 'supervision_level', 'enum'],
      [3, 'feedback_date', 'feedback_before_visit'],
      [4, 'visit_date', 'visit_after_data_month'],
      [5, 'visit_id', 'duplicate_key'],
      [6, 'visit_id', 'duplicate_key'],
    ]);
    expect(rejects[0]!.message_zh).toContain('督战级别');
    expect(rejects[1]!.message_zh).toContain('反馈日期早于督导日期');
    // The leader is personal data: it never appears in a message.
    expect(rejects.some((x) => x.message_zh.includes('欧阳建国'))).toBe(false);
  });

  it('resolves villages given by names (县 乡镇 行政村, or one 所属村 column) and refuses an ambiguous one', async () => {
    await loadRegister();
    const cols = write('督导记录_甲.csv', [
      ['督导编号', '督导日期', '县市区', '乡镇', '行政村', '督战级别', '专项工作组', '带队领导', '数据月份'],
      ['DD-1', '2024-06-03', '湘潭县', '白石乡', '双桥村委会', '市级', '住房安全', '王五', MONTH],
      ['DD-2', '2024-06-04', '', '', '石门村', '县级', '饮水安全', '赵六', MONTH],
    ]);
    const one = write('督导记录_乙.csv', [
      ['督导编号', '督导日期', '所属村', '督战级别', '专项工作组', '带队领导', '数据月份'],
      ['DD-3', '2024-06-06', '湘潭县花石镇石门村民委员会', '县级', '综合性兜底保障工作组', '钱七', MONTH],
    ]);
    const results = await loadPaths(wh, [cols, one]);
    expect(results.map((r) => [r.entity, r.loaded, r.rejected])).toEqual([
      ['supervision_visit', 1, 1],
      ['supervision_visit', 1, 0],
    ]);
    expect(await wh.all(`select visit_id, village_code, work_group, _code_source from raw.supervision_visit order by 1`)).toEqual([
      { visit_id: 'DD-1', village_code: '430321200002', work_group: '住房安全', _code_source: 'register' },
      { visit_id: 'DD-3', village_code: '430321101001', work_group: '综合兜底', _code_source: 'register' },
    ]);
    expect((await wh.one<{ rule: string }>(`select rule from raw.rejects where entity = 'supervision_visit'`)).rule).toBe('village_ambiguous');
  });

  it('a town’s file replaces only its own villages; the other town’s visits stay', async () => {
    await loadRegister();
    const a = write('白石乡/督导记录.csv', [VISIT_HEADER, visit('DD-A1', '430321200001'), visit('DD-A2', '430321200002')]);
    const b = write('花石镇/督导记录.csv', [VISIT_HEADER, visit('DD-B1', '430321101001')]);
    await loadPaths(wh, [a]);
    await loadPaths(wh, [b]);
    // 白石乡 sends its file again, corrected: DD-A2 was entered under the wrong number.
    const again = write('白石乡/督导记录_更正.csv', [VISIT_HEADER, visit('DD-A1', '430321200001', { found: '1' }), visit('DD-A3', '430321200002')]);
    const [r] = await loadPaths(wh, [again]);
    expect(r!.status).toBe('loaded');
    expect(r!.replaced!.areas.map((x) => [x.code, x.before, x.after])).toEqual([['430321200001', 1, 1], ['430321200002', 1, 1]]);
    expect(await wh.all(`select visit_id, issues_found from raw.supervision_visit order by 1`)).toEqual([
      { visit_id: 'DD-A1', issues_found: 1 },
      { visit_id: 'DD-A3', issues_found: 0 },
      { visit_id: 'DD-B1', issues_found: 0 },
    ]);
  });
});

describe('帮扶措施台账', () => {
  it('loads amounts in 万元 exactly, maps category and status synonyms, and warns on an unknown category', async () => {
    const f = write('帮扶措施台账.csv', [
      ['户编号', '行政村代码', '措施类别', '开始日期', '结束日期', '状态', '金额(万元)', '责任单位', '数据月份'],
      measure('430321200001-0001', '430321200001', { category: '产业帮扶', amount: '1.2345', status: '已落实', end: '2024-05-30' }),
      measure('430321200001-0001', '430321200001', { category: '公益性岗位', amount: '0.8', start: '2024-01-01' }),
      measure('430321200001-0002', '430321200001', { category: '消费帮扶', status: '进行中' }),
    ]);
    const [r] = await loadPaths(wh, [f]);
    expect(r).toMatchObject({ entity: 'assistance_measure', status: 'loaded', loaded: 3, rejected: 0, warned: 1 });
    expect(await wh.all(`select household_id, measure_category, status, amount::varchar as amount from raw.assistance_measure order by 1, 2`)).toEqual([
      { household_id: '430321200001-0001', measure_category: '公益岗位', status: '实施中', amount: '8000.00' },
      { household_id: '430321200001-0001', measure_category: '到户产业', status: '已完成', amount: '12345.00' },
      { household_id: '430321200001-0002', measure_category: '其他', status: '实施中', amount: null },
    ]);
  });

  it('refuses an unknown status, an end before the start, a finished measure without its end, and the same measure twice', async () => {
    const f = write('帮扶措施台账.csv', [
      MEASURE_HEADER,
      measure('H-0001', '430321200001', { status: '暂缓' }),
      measure('H-0002', '430321200001', { start: '2024-05-01', end: '2024-04-01', status: '已完成' }),
      measure('H-0003', '430321200001', { status: '已完成' }),
      measure('H-0004', '430321200002'),
      measure('H-0004', '430321200002'),
      measure('H-0004', '430321200002', { category: '务工就业' }),
    ]);
    const [r] = await loadPaths(wh, [f]);
    expect(r).toMatchObject({ status: 'loaded', read: 6, loaded: 1, rejected: 5 });
    const rejects = await wh.all<{ row_number: number; column_name: string; rule: string; message_zh: string }>(
      `select row_number, column_name, rule, message_zh from raw.rejects order by row_number, rule`,
    );
    expect(rejects.map((x) => [x.row_number, x.column_name, x.rule])).toEqual([
      [2, 'status', 'enum'],
      [3, 'end_date', 'measure_ends_before_start'],
      [4, 'end_date', 'measure_done_without_end'],
      [5, 'household_id', 'duplicate_key'],
      [6, 'household_id', 'duplicate_key'],
    ]);
    // 户编号 leads to a person: masked in every message.
    expect(rejects.some((x) => x.message_zh.includes('H-0004'))).toBe(false);
  });

  it('resolves villages by name and loads one town without touching another', async () => {
    await loadRegister();
    const a = write('白石乡/帮扶措施台账.csv', [
      ['户编号', '县市区', '乡镇', '行政村', '措施类别', '开始日期', '状态', '数据月份'],
      ['H-A1', '湘潭县', '白石乡', '石门村', '兜底', '2024-02-01', '实施中', MONTH],
      ['H-A2', '湘潭县', '白石乡', '双桥村', '扶贫小额信贷', '2024-02-01', '实施中', MONTH],
    ]);
    const b = write('花石镇/帮扶措施台账.csv', [
      ['户编号', '所属村', '措施类别', '开始日期', '状态', '数据月份'],
      ['H-B1', '湘潭县花石镇石门村', '危房改造', '2024-03-01', '实施中', MONTH],
    ]);
    await loadPaths(wh, [a, b]);
    const again = write('花石镇/帮扶措施台账_更正.csv', [
      ['户编号', '所属村', '措施类别', '开始日期', '状态', '数据月份'],
      ['H-B1', '湘潭县花石镇石门村', '危房改造', '2024-03-01', '实施中', MONTH],
      ['H-B2', '湘潭县花石镇石门村', '健康帮扶', '2024-04-01', '实施中', MONTH],
    ]);
    await loadPaths(wh, [again]);
    expect(await wh.all(`select household_id, village_code, measure_category from raw.assistance_measure order by 1`)).toEqual([
      { household_id: 'H-A1', village_code: '430321200001', measure_category: '兜底保障' },
      { household_id: 'H-A2', village_code: '430321200002', measure_category: '小额信贷' },
      { household_id: 'H-B1', village_code: '430321101001', measure_category: '住房保障' },
      { household_id: 'H-B2', village_code: '430321101001', measure_category: '医疗帮扶' },
    ]);
  });
});
