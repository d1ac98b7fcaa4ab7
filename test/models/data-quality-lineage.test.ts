/**
 * The data-quality page's two load marts: how each loaded row's village code was found
 * (mart_code_sources: given / register / national / project, per ledger and month) and the
 * warnings (mart_load_warnings: per file, column, rule and value as written, masked like free
 * text). Files laid out as offices send them are loaded beside the sample's village register.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { type FileResult, loadPaths } from '../../pipelines/load.ts';
import { householdRows, writeMonthCsv } from '../helpers/households.ts';
import { memoryWarehouse, SAMPLE, tempDir } from '../helpers/warehouse.ts';

const MONTH = '2024-06';
let wh: Warehouse;
let results: FileResult[];
const registerFile = path.join(SAMPLE, MONTH, '村基本情况.csv');

const write = (dir: string, name: string, rows: string[][]) => writeMonthCsv(dir, MONTH, name, rows);

beforeAll(async () => {
  wh = await memoryWarehouse();
  const dir = tempDir('dq-lineage');
  // 双桥村 is in the sample's register; 易俗河镇宝塔村 only in the national register.
  const hh = householdRows({ villages: ['430321200002'], perVillage: 3, month: MONTH });
  const places = [['湘潭县', '白石乡', '双桥村委会'], ['', '白石乡', '双桥村'], ['湘潭县', '易俗河镇', '宝塔村']];
  const households = write(dir, '农户信息.csv', [
    ['户编号', '县市区', '乡镇', '行政村', '户主姓名', '证件号码', '家庭人口数', '劳动力人数', '户类型', '享受低保', '数据月份'],
    ...hh.map((r, i) => [r[0]!, ...places[i]!, ...r.slice(2)]),
  ]);
  const issue = (id: string, source: string, person: string) =>
    [id, '430321200001', source, '饮水安全', '水压不足', '2024-05-02', '2024-06-30', '乡水利站', person, '整改中', '', MONTH];
  const issues = write(dir, '问题整改台账.csv', [
    ['问题编号', '行政村代码', '问题来源', '问题类别', '问题描述', '发现日期', '整改时限', '责任单位', '责任人', '整改状态', '销号日期', '数据月份'],
    issue('W-1', '排查', '王建国'),
    issue('W-2', '上级交办', ''),
    // a person's name typed into the source column: published only masked
    issue('W-3', '王建国反映', ''),
    issue('W-4', '上级交办', ''),
  ]);
  const allocations = write(dir, '资金下达台账.csv', [
    ['下达编号', '项目编号', '项目名称', '资金类别', '行政村代码', '下达金额（元）', '下达日期', '数据月份'],
    ['XD-1', 'XM-1', '石门村饮水工程', '衔接资金', '430321200001', '100000', '2024-03-01', MONTH],
  ]);
  const payments = write(dir, '资金支出台账_按项目.csv', [
    ['支付编号', '项目编号', '支出金额（元）', '支付日期', '数据月份'],
    ['ZF-1', 'XM-1', '5000', '2024-05-01', MONTH],
    ['ZF-2', 'XM-1', '6000', '2024-05-02', MONTH],
  ]);
  results = await loadPaths(wh, [registerFile, households, issues, allocations, payments]);
  await runModels(wh);
}, 120_000);
afterAll(() => wh.close());

describe('data-quality marts of the loads', () => {
  it('count each ledger’s loaded rows by how their code was found', async () => {
    const villages = iconv.decode(fs.readFileSync(registerFile), 'gb18030').trim().split('\r\n').length - 1;
    const rows = await wh.all(
      `select entity_label, code_source, code_source_label, rows_loaded::integer as n, round(share_of_entity, 4) as share
       from marts.mart_code_sources where snapshot_month = '${MONTH}-01' order by entity_order, code_source_order`,
    );
    expect(rows).toEqual([
      { entity_label: '行政村基本情况', code_source: 'given', code_source_label: '文件给出代码', n: villages, share: 1 },
      { entity_label: '农户信息', code_source: 'register', code_source_label: '按名称查村表', n: 2, share: 0.6667 },
      { entity_label: '农户信息', code_source: 'national', code_source_label: '按名称查全国区划代码', n: 1, share: 0.3333 },
      { entity_label: '问题整改台账', code_source: 'given', code_source_label: '文件给出代码', n: 4, share: 1 },
      { entity_label: '资金下达台账', code_source: 'given', code_source_label: '文件给出代码', n: 1, share: 1 },
      { entity_label: '资金支出台账', code_source: 'project', code_source_label: '按项目编号取自下达台账', n: 2, share: 1 },
    ]);
  });

  it('list the warnings per file, column, rule and value as written (masked), and the warned rows count as loaded', async () => {
    const issueLoad = results.find((r) => r.entity === 'issue')!;
    expect(issueLoad).toMatchObject({ status: 'loaded', read: 4, loaded: 4, warned: 3, rejected: 0 });
    const rows = await wh.all(
      `select source_file_name, entity_label, header, rule_label, value, rows_warned::integer as n, first_row
       from marts.mart_load_warnings where snapshot_month = '${MONTH}-01' order by first_row`,
    );
    expect(rows).toEqual([
      { source_file_name: `${MONTH}/问题整改台账.csv`, entity_label: '问题整改台账', header: '问题来源', rule_label: '非标准取值，按“其他”加载', value: '上级交办', n: 2, first_row: 3 },
      { source_file_name: `${MONTH}/问题整改台账.csv`, entity_label: '问题整改台账', header: '问题来源', rule_label: '非标准取值，按“其他”加载', value: '某人反映', n: 1, first_row: 4 },
    ]);
    // the raw value stays in raw.warnings only
    expect((await wh.one<{ n: number }>(`select count(*)::integer as n from raw.warnings where value = '王建国反映'`)).n).toBe(1);
  });
});
