/**
 * Loads that never lose data: a file replaces exactly the villages it covers, and a file that
 * cannot be right fails as a file and leaves the warehouse exactly as it was.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Warehouse } from '../../core/warehouse.ts';
import { loadPaths, type FileResult } from '../../pipelines/load.ts';
import { csvLine, HOUSEHOLD_HEADER, householdRows, writeHouseholdCsv } from '../helpers/households.ts';
import { memoryWarehouse, snapshotTables, tempDir } from '../helpers/warehouse.ts';

const TOWN_A = ['430321200001', '430321200002', '430321200003'];
const TOWN_B = ['430321201001', '430321201002', '430321201003'];
const MONTH = '2024-06';

let wh: Warehouse;
let dir: string;
beforeEach(async () => {
  wh = await memoryWarehouse();
  dir = tempDir('safety');
});
afterEach(() => wh.close());

/** The good month every case starts from: two towns, six villages, 20 households each. */
async function seedMonth(): Promise<Record<string, string>> {
  const file = writeHouseholdCsv(path.join(dir, 'seed', MONTH, '农户信息.csv'), householdRows({ villages: [...TOWN_A, ...TOWN_B], perVillage: 20, month: MONTH }));
  const [r] = await loadPaths(wh, [file]);
  expect(r).toMatchObject({ status: 'loaded', loaded: 120 });
  return snapshotTables(wh);
}

const count = async (where = 'true') =>
  (await wh.one<{ n: number }>(`select count(*)::integer as n from raw.household where snapshot_month = '${MONTH}-01' and ${where}`)).n;

function expectFailedUnchanged(r: FileResult | undefined, pattern: RegExp) {
  expect(r?.status).toBe('failed');
  expect(r!.message).toMatch(pattern);
  expect(r!.message).toContain('原数据未改动');
}

describe('a file that cannot be right changes nothing', () => {
  it('every row rejected: an export without the 行政村代码 column', async () => {
    const before = await seedMonth();
    const header = HOUSEHOLD_HEADER.filter((h) => h !== '行政村代码');
    const rows = householdRows({ villages: TOWN_A, perVillage: 20, month: MONTH }).map((r) => r.filter((_, i) => i !== 1));
    const [r] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), rows, header)]);
    expectFailedUnchanged(r, /缺少必填列“行政村代码”/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('every row rejected: every village code malformed', async () => {
    const before = await seedMonth();
    const rows = householdRows({ villages: TOWN_A, perVillage: 5, month: MONTH }).map((r) => [r[0]!, 'X' + r[1]!.slice(1), ...r.slice(2)]);
    const [r] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), rows)]);
    expectFailedUnchanged(r, /全部15行都被拒收.*行政村代码/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('a header-only file, even with --month', async () => {
    const before = await seedMonth();
    const [r] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, 'x', '农户信息.csv'), [])], { month: MONTH });
    expectFailedUnchanged(r, /没有数据行/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('a household file given --entity village', async () => {
    await loadPaths(wh, [path.join(path.resolve('data/sample'), MONTH, '村基本情况.csv')]);
    const before = await snapshotTables(wh);
    const file = writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), householdRows({ villages: TOWN_A, perVillage: 3, month: MONTH }));
    const [r] = await loadPaths(wh, [file], { entity: 'village' });
    expectFailedUnchanged(r, /表头与 --entity 指定的“行政村基本情况”不符.*看起来是“农户信息”/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('a file named for May whose 数据月份 says June, and a 2024-07 folder holding June rows', async () => {
    await seedMonth();
    const june = householdRows({ villages: TOWN_A, perVillage: 20, month: MONTH });
    await loadPaths(wh, [writeHouseholdCsv(path.join(dir, 'may', '农户信息_2024年5月.csv'), householdRows({ villages: TOWN_A, perVillage: 20, month: '2024-05' }))]);
    const before = await snapshotTables(wh);
    const [named] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, 'named', '农户信息_2024年5月.csv'), june.slice(0, 10))]);
    expectFailedUnchanged(named, /“数据月份”列是2024年6月，与文件名或文件夹名表明的2024年5月不一致/);
    const [folder] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, '2024-07', '农户信息.csv'), june)]);
    expectFailedUnchanged(folder, /与文件名或文件夹名表明的2024年7月不一致/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('a file whose every row is a duplicate key', async () => {
    const before = await seedMonth();
    const rows = householdRows({ villages: TOWN_A.slice(0, 1), perVillage: 5, month: MONTH });
    const [r] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), [...rows, ...rows])]);
    expectFailedUnchanged(r, /全部10行都被拒收.*主键重复/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('an unbalanced quote, named by its line, instead of 36 lines in neither count', async () => {
    const before = await seedMonth();
    const rows = householdRows({ villages: TOWN_A, perVillage: 15, month: MONTH }).map(csvLine);
    rows[3] = rows[3]!.replace('户主', '"户主'); // line 5 of the file
    const file = path.join(dir, MONTH, '农户信息.csv');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, [HOUSEHOLD_HEADER.join(','), ...rows].join('\r\n') + '\r\n');
    const [r] = await loadPaths(wh, [file]);
    expectFailedUnchanged(r, /第5行有一个没有配对的英文双引号/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('a file cut off in the middle of a row', async () => {
    const before = await seedMonth();
    const file = writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), householdRows({ villages: TOWN_A, perVillage: 20, month: MONTH }));
    const text = fs.readFileSync(file, 'utf8');
    const cut = text.indexOf('\r\n', text.length / 2) + 25; // 25 characters into the next row
    fs.writeFileSync(file, text.slice(0, cut));
    const [r] = await loadPaths(wh, [file]);
    expectFailedUnchanged(r, /文件在第\d+行中途结束/);
    expect(await snapshotTables(wh)).toEqual(before);
  });

  it('a good file next to a bad one still loads, and the command fails', async () => {
    await seedMonth();
    const good = writeHouseholdCsv(path.join(dir, MONTH, 'a_农户信息.csv'), householdRows({ villages: TOWN_A.slice(0, 1), perVillage: 22, month: MONTH }));
    const bad = writeHouseholdCsv(path.join(dir, MONTH, 'b_农户信息.csv'), []);
    const results = await loadPaths(wh, [good, bad]);
    expect(results.map((r) => [path.basename(r.file), r.status])).toEqual([
      ['b_农户信息.csv', 'failed'],
      ['a_农户信息.csv', 'loaded'],
    ]);
    expect(await count()).toBe(122);
  });
});

describe('rows a load does not keep', () => {
  const flagged = () => count('(_errors is not null or _warnings is not null)');

  it('refused, duplicated and failed-file rows never stay in raw, and the counts still reconcile', async () => {
    await seedMonth();
    const rows = householdRows({ villages: TOWN_A, perVillage: 20, month: MONTH });
    rows[3] = [rows[3]![0]!, 'X' + rows[3]![1]!.slice(1), ...rows[3]!.slice(2)]; // a malformed village code
    const good = writeHouseholdCsv(path.join(dir, MONTH, 'a_农户信息.csv'), [...rows, rows[0]!]); // and one key twice
    const bad = householdRows({ villages: TOWN_B.slice(0, 1), perVillage: 4, month: MONTH }).map((r) => [r[0]!, 'X' + r[1]!.slice(1), ...r.slice(2)]);
    const results = await loadPaths(wh, [good, writeHouseholdCsv(path.join(dir, MONTH, 'b_农户信息.csv'), bad)]);
    const byFile = new Map(results.map((r) => [path.basename(r.file), r]));
    expect(byFile.get('b_农户信息.csv')?.status).toBe('failed');
    const a = byFile.get('a_农户信息.csv')!;
    expect(a).toMatchObject({ status: 'loaded', read: 61, rejected: 3, loaded: 58 });
    expect(await flagged()).toBe(0);
    // Town A now holds what the good file loaded; town B kept its 60 rows.
    expect(await count()).toBe(58 + 60);
    expect(await count(`_load_id = ${a.loadId}`)).toBe(58);
  });

  it('a refused row left by a crash between a commit and its removal is gone before the next load reads raw', async () => {
    const before = await seedMonth();
    // What a crash right after the commit would leave: a staged row still carrying its rule.
    await wh.run(`insert into raw.household select * replace ([{'column': 'village_code', 'rule': 'pattern', 'value': 'X', 'shown': 'X', 'zh': '格式不对', 'en': 'wrong format'}] as _errors)
      from raw.household limit 1`);
    expect(await flagged()).toBe(1);
    const file = writeHouseholdCsv(path.join(dir, '2024-07', '农户信息.csv'), householdRows({ villages: TOWN_A, perVillage: 5, month: '2024-07' }));
    const [r] = await loadPaths(wh, [file]);
    expect(r?.status).toBe('loaded');
    expect(await flagged()).toBe(0);
    expect(await count()).toBe(120);
    expect((await snapshotTables(wh))['raw.rejects']).toEqual(before['raw.rejects']);
  });
});

describe('a file replaces exactly what it covers', () => {
  it('per-village files loaded in separate commands, in any order, give the same warehouse as loading them together', async () => {
    const rows = householdRows({ villages: [...TOWN_A, ...TOWN_B], perVillage: 12, month: MONTH });
    const files = [...TOWN_A, ...TOWN_B].map((v) =>
      writeHouseholdCsv(path.join(dir, 'split', MONTH, `农户信息_${v}.csv`), rows.filter((r) => r[1] === v)),
    );
    const contents = async (w: Warehouse) =>
      (await w.all<{ r: string }>(`select (columns(* exclude (_load_id)))::varchar as r from raw.household order by household_id`)).map((x) => JSON.stringify(x));
    const together = await memoryWarehouse();
    await loadPaths(together, [path.join(dir, 'split')]);
    const expected = await contents(together);
    together.close();
    expect(expected).toHaveLength(72);
    for (const order of [files, [...files].reverse(), [files[2]!, files[5]!, files[0]!, files[4]!, files[1]!, files[3]!]]) {
      const separate = await memoryWarehouse();
      for (const f of order) expect((await loadPaths(separate, [f]))[0]).toMatchObject({ status: 'loaded', loaded: 12 });
      expect(await contents(separate)).toEqual(expected);
      separate.close();
    }
  });

  it("one town's file replaces that town and leaves the other town's villages", async () => {
    await seedMonth();
    const file = writeHouseholdCsv(path.join(dir, MONTH, '农户信息_白石乡.csv'), householdRows({ villages: TOWN_A, perVillage: 18, month: MONTH }));
    const [r] = await loadPaths(wh, [file]);
    expect(r).toMatchObject({ status: 'loaded', loaded: 54 });
    expect(r!.replaced).toMatchObject({ before: 60, after: 54, removedAreas: 0 });
    expect(r!.replaced!.areas.map((a) => [a.code, a.before, a.after])).toEqual(TOWN_A.map((v) => [v, 20, 18]));
    expect(await count(`left(village_code, 9) = '430321201'`)).toBe(60);
    expect(await count(`left(village_code, 9) = '430321200'`)).toBe(54);
  });

  it('--replace-month removes the villages the new files do not mention', async () => {
    await seedMonth();
    const file = writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), householdRows({ villages: [...TOWN_A, ...TOWN_B.slice(0, 2)], perVillage: 20, month: MONTH }));
    const [r] = await loadPaths(wh, [file], { replaceMonth: true });
    expect(r).toMatchObject({ status: 'loaded', loaded: 100 });
    expect(await count()).toBe(100);
    expect(await count(`village_code = '${TOWN_B[2]}'`)).toBe(0);
  });

  it('a key already held by a village the file does not cover is refused, naming where it is', async () => {
    await seedMonth();
    const moved = householdRows({ villages: TOWN_A.slice(0, 1), perVillage: 3, month: MONTH });
    // The third household claims the id of a household of another village.
    moved[2]![0] = `${TOWN_B[0]}-0001`;
    const [r] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), moved)], { force: true });
    expect(r).toMatchObject({ status: 'loaded', loaded: 2, rejected: 1 });
    const [reject] = await wh.all<{ message_zh: string }>(`select message_zh from raw.rejects where rule = 'duplicate_key'`);
    expect(reject!.message_zh).toMatch(/仓库中已有（农户信息\.csv第\d+行）/);
    // 户编号 leads to a person: messages (which reach logs) mask it like the other identifiers.
    expect(reject!.message_zh).toMatch(/值“43\*+01”/);
    expect(reject!.message_zh).not.toContain(`${TOWN_B[0]}-0001`);
    expect(await count(`household_id = '${TOWN_B[0]}-0001'`)).toBe(1);
  });
});

describe('the shrink guard and --check', () => {
  it('stops a load that would remove more than half of what it replaces, naming the villages, until --force', async () => {
    const before = await seedMonth();
    const file = writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), householdRows({ villages: TOWN_A, perVillage: 8, month: MONTH }));
    const [r] = await loadPaths(wh, [file]);
    expectFailedUnchanged(r, /本次加载会删除所替换的60行中的36行（60\.0%）.*430321200001 20→8.*--force/);
    expect(await snapshotTables(wh)).toEqual(before);
    const [forced] = await loadPaths(wh, [file], { force: true });
    expect(forced).toMatchObject({ status: 'loaded', loaded: 24 });
    expect(await count()).toBe(84);
  });

  it('--check reads and validates everything, reports the same before → after, and writes nothing', async () => {
    const before = await seedMonth();
    const manifest = await wh.one<{ n: number }>('select count(*)::integer as n from meta.loads');
    const rows = householdRows({ villages: TOWN_A, perVillage: 19, month: MONTH });
    rows[0]![4] = '0'; // family size below its minimum: one reject
    const file = writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), rows);
    const [checked] = await loadPaths(wh, [file], { check: true });
    expect(checked).toMatchObject({ status: 'checked', read: 57, loaded: 56, rejected: 1, loadId: null });
    expect(await snapshotTables(wh)).toEqual(before);
    expect(await wh.one<{ n: number }>('select count(*)::integer as n from meta.loads')).toEqual(manifest);
    const [real] = await loadPaths(wh, [file]);
    expect(real).toMatchObject({ status: 'loaded', read: 57, loaded: 56, rejected: 1 });
    expect(real!.replaced).toEqual(checked!.replaced);
  });

  it('the CLI exits 1 when a file failed, says 原数据未改动, and --check leaves the warehouse file byte for byte', () => {
    const db = path.join(dir, 'w.duckdb');
    const good = writeHouseholdCsv(path.join(dir, 'cli', MONTH, '农户信息.csv'), householdRows({ villages: TOWN_A, perVillage: 5, month: MONTH }));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.resolve('pipelines/cli/load.ts'), ...args], { env: { ...process.env, CAMPAIGN_WAREHOUSE: db }, encoding: 'utf8' });
    expect(run(good, '--quiet').status).toBe(0);
    const bytes = fs.readFileSync(db);
    const bad = writeHouseholdCsv(path.join(dir, 'cli2', MONTH, '农户信息.csv'), []);
    const failed = run(bad, '--quiet');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('原数据未改动');
    const shrink = writeHouseholdCsv(path.join(dir, 'cli3', MONTH, '农户信息.csv'), householdRows({ villages: TOWN_A, perVillage: 4, month: MONTH }));
    const check = run(shrink, '--check', '--force', '--quiet');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/将替换 2024年6月 .*3个村：农户信息 15 → 12 行/);
    expect(check.stdout).toContain('仓库未写入任何内容');
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
  }, 240_000);
});

describe('clear messages', () => {
  it('an empty folder says no file was found', async () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    const [r] = await loadPaths(wh, [path.join(dir, 'empty')]);
    expectFailedUnchanged(r, /没有找到可加载的文件/);
  });

  it('a GBK file read as UTF-8 is named as an encoding problem, with the encoding that works', async () => {
    const iconv = (await import('iconv-lite')).default;
    const file = path.join(dir, MONTH, '农户信息.csv');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = [HOUSEHOLD_HEADER, ...householdRows({ villages: TOWN_A, perVillage: 2, month: MONTH })].map(csvLine).join('\r\n');
    fs.writeFileSync(file, iconv.encode(text, 'gbk'));
    const [r] = await loadPaths(wh, [file], { encoding: 'utf-8' });
    expectFailedUnchanged(r, /文件编码不是UTF-8.*--encoding gbk/);
  });

  it('a huge single line gives a size message, not a parser error', async () => {
    const rows = householdRows({ villages: TOWN_A, perVillage: 2, month: MONTH });
    rows[1]![2] = '长'.repeat(3_000_000); // 9 MB of one cell
    const [r] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, MONTH, '农户信息.csv'), rows)]);
    expectFailedUnchanged(r, /超过 8 MB（单行或单个单元格过大）/);
    expect(r!.message).not.toMatch(/Invalid Input|not implemented|CSV Error/);
  });

  it('accepts 2024/6, 2024年6月, a date and an Excel date serial as the 数据月份', async () => {
    const rows = householdRows({ villages: TOWN_A, perVillage: 1, month: MONTH });
    ['2024/6', '2024年6月', '2024-06-15', '45444'].forEach((m, i) => rows.push([...rows[0]!.slice(0, 8), m].map((c, j) => (j === 0 ? `${c}${i}` : c))));
    const [r] = await loadPaths(wh, [writeHouseholdCsv(path.join(dir, 'nomonth', '农户信息.csv'), rows)]);
    const rejects = await wh.all('select value, message_zh from raw.rejects');
    expect(rejects).toEqual([]);
    expect(r).toMatchObject({ status: 'loaded', month: MONTH, loaded: 7, rejected: 0 });
  });
});
