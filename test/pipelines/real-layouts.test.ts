/**
 * Real export layouts: villages named instead of coded, units in headers, cells as government
 * forms write them, enumeration synonyms and warnings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { amountCell, scaleDecimal } from '../../pipelines/contracts/define.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { householdRows } from '../helpers/households.ts';
import { loadTwinRegister, writeMonthCsv } from '../helpers/register.ts';
import { memoryWarehouse, tempDir } from '../helpers/warehouse.ts';

const MONTH = '2024-06';
let wh: Warehouse;
let dir: string;
beforeEach(async () => {
  wh = await memoryWarehouse();
  dir = tempDir('layouts');
});
afterEach(() => wh.close());

const write = (name: string, rows: string[][]) => writeMonthCsv(dir, MONTH, name, rows);
const loadRegister = () => loadTwinRegister(wh, dir, MONTH);

/** A household row with the village given by `place` columns instead of its code. */
function named(id: string, place: string[]): string[] {
  const [row] = householdRows({ villages: ['430321200001'], perVillage: 1, month: MONTH });
  return [`HH-${id}`, ...place, ...row!.slice(2)];
}
const HEADER_TAIL = ['户主姓名', '证件号码', '家庭人口数', '劳动力人数', '户类型', '享受低保', '数据月份'];

describe('villages by name', () => {
  it('resolves 县 + 乡镇 + 行政村, 乡镇 + 行政村 and one address column, through the suffix variants, and records how', async () => {
    await loadRegister();
    const a = write('农户信息_甲.csv', [
      ['户编号', '县市区', '乡镇', '行政村', ...HEADER_TAIL],
      named('1', ['湘潭县', '白石乡', '双桥村']),
      named('2', ['湘潭县', '白石乡', '双桥村委会']),
      named('3', ['湘潭县', '白石乡', '双桥村民委员会']),
      named('4', ['', '花石镇', '石门村']),
      // Not in the warehouse's register: the national register (统计用区划代码) knows it.
      named('5', ['湘潭县', '易俗河镇', '宝塔村']),
    ]);
    const b = write('农户信息_乙.csv', [
      ['户编号', '所属村', ...HEADER_TAIL],
      named('6', ['湘潭县白石乡双桥村民委员会']),
      named('7', ['湘潭县易俗河镇飞龙桥村委会']),
    ]);
    const results = await loadPaths(wh, [a, b]);
    expect(results.map((r) => [r.status, r.loaded, r.rejected])).toEqual([
      ['loaded', 5, 0],
      ['loaded', 2, 0],
    ]);
    const rows = await wh.all<{ id: string; code: string; how: string }>(
      `select household_id as id, village_code as code, _code_source as how from raw.household order by 1`,
    );
    expect(rows).toEqual([
      { id: 'HH-1', code: '430321200002', how: 'register' },
      { id: 'HH-2', code: '430321200002', how: 'register' },
      { id: 'HH-3', code: '430321200002', how: 'register' },
      { id: 'HH-4', code: '430321101001', how: 'register' },
      { id: 'HH-5', code: '430321100235', how: 'national' },
      { id: 'HH-6', code: '430321200002', how: 'register' },
      { id: 'HH-7', code: '430321100237', how: 'national' },
    ]);
  });

  it('refuses a name that fits two villages, listing both with their codes, and a name that fits none', async () => {
    await loadRegister();
    const f = write('农户信息.csv', [
      ['户编号', '乡镇', '行政村', ...HEADER_TAIL],
      named('1', ['', '石门村']),
      named('2', ['白石乡', '不存在村']),
      named('3', ['白石乡', '双桥村']),
    ]);
    const [r] = await loadPaths(wh, [f]);
    expect(r).toMatchObject({ status: 'loaded', read: 3, loaded: 1, rejected: 2 });
    const rejects = await wh.all<{ rule: string; message_zh: string }>(`select rule, message_zh from raw.rejects order by row_number`);
    expect(rejects[0]!.rule).toBe('village_ambiguous');
    expect(rejects[0]!.message_zh).toContain('430321200001');
    expect(rejects[0]!.message_zh).toContain('430321101001');
    expect(rejects[1]!.rule).toBe('village_unresolved');
    expect(rejects[1]!.message_zh).toMatch(/值“白石乡不存在村”：按名称.*找不到/);
  });

  it('a code given in the file wins and is recorded as given', async () => {
    const [row] = householdRows({ villages: ['430321200001'], perVillage: 1, month: MONTH });
    const f = write('农户信息.csv', [['户编号', '行政村代码', '行政村', ...HEADER_TAIL], [row![0]!, row![1]!, '别的村', ...row!.slice(2)]]);
    await loadPaths(wh, [f]);
    expect(await wh.all(`select village_code, _code_source from raw.household`)).toEqual([{ village_code: '430321200001', _code_source: 'given' }]);
  });
});

describe('units and cells as government forms write them', () => {
  const allocation = (amountHeader: string, amount: string, id = 'XD-1') => [
    ['下达编号', '项目编号', '项目名称', '资金类别', '行政村代码', amountHeader, '下达日期', '数据月份'],
    [id, 'XM-1', '道路硬化', '衔接资金', '430321200001', amount, '2024-05-02', '2024-06'],
  ];
  const amountOf = async (file: string) => {
    const [r] = await loadPaths(wh, [file], { force: true });
    expect(r!.status, r!.message ?? '').toBe('loaded');
    return (await wh.one<{ a: string }>(`select amount::varchar as a from raw.fund_allocation where _load_id = ${r!.loadId}`)).a;
  };

  it('converts 万元 headers of either bracket exactly to 元, and 元 headers stay', async () => {
    expect(await amountOf(write('资金下达台账1.csv', allocation('下达金额(万元)', '1.234567')))).toBe('12345.67');
    expect(await amountOf(write('资金下达台账2.csv', allocation('下达金额（万元）', '0.0001')))).toBe('1.00');
    expect(await amountOf(write('资金下达台账3.csv', allocation('下达金额（元）', '9000')))).toBe('9000.00');
    expect(await amountOf(write('资金下达台账4.csv', allocation('下达金额（万元）', '３．５')))).toBe('35000.00');
  });

  it('reads 1.8万, 1,200, full-width digits, √/× and 有/无, and months written as dates', async () => {
    expect(await amountOf(write('资金下达台账5.csv', allocation('下达金额', '1.8万')))).toBe('18000.00');
    expect(await amountOf(write('资金下达台账6.csv', allocation('下达金额', '1,200')))).toBe('1200.00');
    expect(await amountOf(write('资金下达台账7.csv', allocation('下达金额', '９０００')))).toBe('9000.00');
    const rows = householdRows({ villages: ['430321200001'], perVillage: 4, month: MONTH });
    const f = write('农户信息.csv', [
      ['户编号', '行政村代码', ...HEADER_TAIL],
      ...rows.map((r, i) => [r[0]!, r[1]!, r[2]!, r[3]!, i === 0 ? '４' : r[4]!, r[5]!, r[6]!, ['√', '×', '有', '无'][i]!, ['2024-06-01', '2024年6月', '45444', '2024/6'][i]!]),
    ]);
    const [r] = await loadPaths(wh, [f]);
    expect(r).toMatchObject({ status: 'loaded', loaded: 4, rejected: 0 });
    expect(await wh.all(`select family_size, dibao from raw.household order by household_id`)).toEqual([
      { family_size: 4, dibao: true },
      { family_size: Number(rows[1]![4]), dibao: false },
      { family_size: Number(rows[2]![4]), dibao: true },
      { family_size: Number(rows[3]![4]), dibao: false },
    ]);
  });

  it('shifts decimals exactly, as text', () => {
    expect(scaleDecimal('1.234567', 10000)).toBe('12345.67');
    expect(scaleDecimal('12', 0.0001)).toBe('0.0012');
    expect(scaleDecimal('-0.5', 10000)).toBe('-5000');
    expect(amountCell('1.8万', '元')).toBe('18000');
    expect(amountCell('18000元', '万元')).toBe('1.8000');
    expect(amountCell('1,200', '元')).toBe('1200');
    expect(amountCell('一万', '元')).toBeUndefined();
  });
});

describe('enumerations with synonyms, and warnings', () => {
  const issue = (source: string, id: string) => [id, '430321200001', source, '饮水安全', '水压不足', '2024-05-02', '2024-06-30', '乡水利站', '整改中', '', '2024-06'];
  const HEADER = ['问题编号', '行政村代码', '问题来源', '问题类别', '问题描述', '发现日期', '整改时限', '责任单位', '整改状态', '销号日期', '数据月份'];

  it('maps each synonym to its canonical value, and loads an unknown source as 其他 with a warning that keeps it', async () => {
    const synonyms: [string, string][] = [
      ['回头看大排查', '排查'],
      ['大排查', '排查'],
      ['巡视巡察', '巡视'],
      ['成效考核', '考核'],
      ['审计监察', '审计'],
      ['督战', '督战'],
    ];
    const f = write('问题整改台账.csv', [HEADER, ...synonyms.map(([s], i) => issue(s, `W-${i}`)), issue('上级交办', 'W-9')]);
    const [r] = await loadPaths(wh, [f]);
    expect(r).toMatchObject({ status: 'loaded', read: 7, loaded: 7, rejected: 0, warned: 1 });
    const sources = await wh.all<{ id: string; source: string }>(`select issue_id as id, source from raw.issue order by 1`);
    expect(sources.map((x) => x.source)).toEqual([...synonyms.map(([, c]) => c), '其他']);
    const [w] = await wh.all<{ rule: string; value: string; message_zh: string }>(`select rule, value, message_zh from raw.warnings`);
    expect(w).toMatchObject({ rule: 'enum_other', value: '上级交办' });
    expect(w!.message_zh).toMatch(/第8行，“问题来源”列值“上级交办”：不是标准取值，已按“其他”加载/);
  });

  it('still refuses an unknown value where the column drives an indicator (整改状态)', async () => {
    const row = issue('排查', 'W-1');
    row[8] = '已完成';
    const [r] = await loadPaths(wh, [write('问题整改台账.csv', [HEADER, row, issue('排查', 'W-2')])]);
    expect(r).toMatchObject({ status: 'loaded', loaded: 1, rejected: 1, warned: 0 });
  });
});

describe('funds at any level', () => {
  const ALLOC = ['下达编号', '项目编号', '项目名称', '资金类别', '行政村代码', '下达金额（万元）', '下达日期', '数据月份'];
  it('an allocation may belong to a county or town; a payment citing only its project takes category and area from it', async () => {
    const alloc = write('资金下达台账.csv', [
      ALLOC,
      ['XD-C', 'XM-C', '全县产业项目', '中央衔接资金', '430321', '120', '2024-03-01', '2024-06'],
      ['XD-T', 'XM-T', '乡道路', '衔接资金', '430321200', '30', '2024-03-01', '2024-06'],
      ['XD-V', 'XM-V', '村饮水', '衔接资金', '430321200001', '5.5', '2024-03-01', '2024-06'],
    ]);
    const pay = write('资金支出台账_按项目.csv', [
      ['支付编号', '项目编号', '支出金额(万元)', '支付日期', '数据月份'],
      ['ZF-1', 'XM-C', '60', '2024-05-01', '2024-06'],
      ['ZF-2', 'XM-V', '1.2', '2024-05-02', '2024-06'],
      ['ZF-3', 'XM-NONE', '1', '2024-05-03', '2024-06'],
    ]);
    const [a, p] = await loadPaths(wh, [alloc, pay]);
    expect(a).toMatchObject({ status: 'loaded', loaded: 3, rejected: 0 });
    expect(p).toMatchObject({ status: 'loaded', loaded: 2, rejected: 1 });
    expect(await wh.all(`select village_code, fund_category from raw.fund_allocation order by 1`)).toEqual([
      { village_code: '430321', fund_category: '衔接资金' },
      { village_code: '430321200', fund_category: '衔接资金' },
      { village_code: '430321200001', fund_category: '衔接资金' },
    ]);
    expect(await wh.all(`select payment_id, village_code, fund_category, amount::varchar as amount, _code_source from raw.fund_payment order by 1`)).toEqual([
      { payment_id: 'ZF-1', village_code: '430321', fund_category: '衔接资金', amount: '600000.00', _code_source: 'project' },
      { payment_id: 'ZF-2', village_code: '430321200001', fund_category: '衔接资金', amount: '12000.00', _code_source: 'project' },
    ]);
    const [reject] = await wh.all<{ rule: string; message_zh: string }>(`select rule, message_zh from raw.rejects where entity = 'fund_payment'`);
    expect(reject!.rule).toBe('unknown_project');
    expect(reject!.message_zh).toMatch(/值“XM-NONE”：项目编号在资金下达台账中不存在/);
  });
});
