/**
 * A corpus of malformed exports, built here, each loaded over a warehouse holding a good month.
 * For every file: no crash; a failure is one Chinese sentence saying nothing changed; a load
 * reconciles read = loaded + rejected against the file's own line count; and no row of the
 * warehouse is lost: villages the file does not cover are untouched, and a failed file
 * changes nothing at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../core/warehouse.ts';
import { loadPaths, type LoadOptions } from '../../pipelines/load.ts';
import { csvLine, HOUSEHOLD_HEADER, householdRows, writeHouseholdCsv } from '../helpers/households.ts';
import { snapshotTables, tempDir } from '../helpers/warehouse.ts';

const TOWN_A = ['430321200001', '430321200002', '430321200003'];
const TOWN_B = ['430321201001', '430321201002', '430321201003'];
const MONTH = '2024-06';

interface Case {
  name: string;
  /** File name inside the month folder. */
  file?: string;
  bytes: Buffer | string;
  options?: LoadOptions;
  /** Non-blank data lines, when the naive line count below would be wrong (quoted line breaks). */
  dataLines?: number;
  /** Lines above the first data line (title rows and the header). */
  headerLines?: number;
}

const base = householdRows({ villages: TOWN_A, perVillage: 10, month: MONTH });
const lines = (rows: string[][], header: readonly string[] = HOUSEHOLD_HEADER) => [header, ...rows].map(csvLine);
const text = (rows: string[][], header?: readonly string[], eol = '\r\n') => lines(rows, header).join(eol) + eol;
const good = text(base);

/** A small deterministic generator, so the corpus is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function corpus(): Case[] {
  const cases: Case[] = [];
  // Cut off at eight points, mid-row or mid-cell.
  for (const f of [0.05, 0.17, 0.33, 0.41, 0.5, 0.66, 0.83, 0.97]) cases.push({ name: `cut at ${f}`, bytes: good.slice(0, Math.floor(good.length * f)) });
  // An unbalanced quote on five different rows.
  for (const row of [1, 4, 9, 17, 29]) {
    const l = lines(base);
    l[row] = l[row]!.replace('户主', '"户主');
    cases.push({ name: `unbalanced quote on line ${row + 1}`, bytes: l.join('\r\n') + '\r\n' });
  }
  // Each required column missing.
  for (const h of ['户编号', '行政村代码', '户主姓名', '证件号码', '家庭人口数', '户类型']) {
    const i = HOUSEHOLD_HEADER.indexOf(h);
    cases.push({ name: `no ${h} column`, bytes: text(base.map((r) => r.filter((_, j) => j !== i)), HOUSEHOLD_HEADER.filter((_, j) => j !== i)) });
  }
  cases.push(
    { name: 'empty file', bytes: '' },
    { name: 'spaces only', bytes: '   \r\n  \r\n' },
    { name: 'header only', bytes: text([]) },
    { name: 'header and blank lines', bytes: text([]) + '\r\n\r\n,,,\r\n' },
    { name: 'title row only', bytes: '白石乡2024年6月农户信息表\r\n' },
    { name: 'random bytes', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)) },
    { name: 'a PNG named .csv', bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]) },
    { name: 'a zip that is no workbook', file: '农户信息.xlsx', bytes: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300, 1)]) },
    { name: 'an old .xls', file: '农户信息.xls', bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]) },
    { name: 'a PDF', file: '农户信息.pdf', bytes: '%PDF-1.4\n' },
    { name: 'GBK read as UTF-8', bytes: iconv.encode(good, 'gbk'), options: { encoding: 'utf-8' } },
    { name: 'UTF-8 read as GBK', bytes: good, options: { encoding: 'gb18030' } },
    { name: 'GBK detected', bytes: iconv.encode(good, 'gbk') },
    { name: 'month in the column differs from the folder', bytes: text(householdRows({ villages: TOWN_A, perVillage: 10, month: '2024-05' })) },
    { name: 'some rows of another month', bytes: text(base.map((r, i) => (i % 4 === 0 ? [...r.slice(0, 8), '2024-05'] : r))) },
    { name: 'every village code malformed', bytes: text(base.map((r) => [r[0]!, r[1]!.slice(0, 10), ...r.slice(2)])) },
    { name: 'every row twice', bytes: text([...base, ...base]) },
    { name: 'every family size zero', bytes: text(base.map((r) => [...r.slice(0, 4), '0', ...r.slice(5)])) },
    { name: 'extra cells on every row', bytes: text(base.map((r) => [...r, '多余'])) },
    { name: 'extra cells on one row', bytes: text(base.map((r, i) => (i === 3 ? [...r, '多余', '更多'] : r))) },
    { name: 'trailing empty cells left out', bytes: lines(base).map((l) => l.replace(/(,是|,否),2024-06$/, '$1,2024-06')).join('\r\n') + '\r\n' },
    { name: 'short rows', bytes: text(base.map((r, i) => (i % 5 === 0 ? r.slice(0, 5) : r))) },
    { name: 'blank lines between rows', bytes: lines(base).join('\r\n\r\n') + '\r\n' },
    { name: 'LF line ends', bytes: text(base, undefined, '\n') },
    { name: 'CR line ends', bytes: text(base, undefined, '\r') },
    { name: 'no line end after the last row', bytes: good.trimEnd() },
    { name: 'tab-delimited', bytes: [HOUSEHOLD_HEADER, ...base].map((r) => r.join('\t')).join('\r\n') + '\r\n' },
    { name: 'semicolon-delimited', bytes: [HOUSEHOLD_HEADER, ...base].map((r) => r.join(';')).join('\r\n') + '\r\n' },
    { name: 'BOM and two title rows', bytes: '\uFEFF白石乡农户信息\r\n填报单位：白石乡,,,\r\n' + good, headerLines: 3 },
    { name: 'header below row 30', bytes: '说明\r\n'.repeat(40) + good },
    { name: 'a 9 MB line', bytes: text(base.map((r, i) => (i === 5 ? [r[0]!, r[1]!, '长'.repeat(3_000_000), ...r.slice(3)] : r))) },
    {
      name: 'quoted line breaks inside cells',
      bytes: text(base.map((r, i) => (i % 3 === 0 ? [r[0]!, r[1]!, `户主\r\n（曾用名${i}）`, ...r.slice(3)] : r))),
      dataLines: base.length,
    },
    { name: 'the header repeated mid-file', bytes: text([...base.slice(0, 15), HOUSEHOLD_HEADER, ...base.slice(15)]) },
    { name: 'English headers', bytes: text(base, ['id', 'village', 'name', 'idno', 'size', 'labour', 'type', 'dibao', 'month']) },
    { name: 'a village file given --entity household', bytes: fs.readFileSync(path.resolve('data/sample/2024-06/村基本情况.csv')), options: { entity: 'household' } },
    { name: 'full-width spaces around cells', bytes: text(base.map((r) => r.map((c, j) => (j === 2 ? `\u3000${c}\u00a0` : c)))) },
    { name: 'a one-row file for one village', bytes: text(base.slice(0, 1)) },
    { name: 'one row lacks its id', bytes: text(base.map((r, i) => (i === 7 ? ['', ...r.slice(1)] : r))) },
    { name: 'quoted cells everywhere', bytes: [HOUSEHOLD_HEADER, ...base].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n' },
    { name: 'doubled quotes inside a cell', bytes: text(base.map((r, i) => (i === 2 ? [r[0]!, r[1]!, '户主"小名"', ...r.slice(3)] : r))) },
  );
  // Damaged bytes: runs of characters replaced at random places (some inside multi-byte characters).
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const next = rng(seed);
    const buf = Buffer.from(good, 'utf8');
    for (let k = 0; k < 12; k++) {
      const at = Math.floor(next() * buf.length);
      if (![0x0a, 0x0d, 0x22, 0x2c].includes(buf[at]!)) buf[at] = 0x41 + Math.floor(next() * 26);
    }
    cases.push({ name: `damaged bytes (seed ${seed})`, bytes: buf });
  }
  return cases;
}

/** Non-blank data lines counted the simplest way: physical lines, without the parser. */
function naiveDataLines(bytes: Buffer | string, headerLines: number): number {
  const t = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  return t
    .split(/\r\n|\n|\r/)
    .slice(headerLines)
    .filter((l) => !/^[\s,;\t\u3000\u00a0]*$/.test(l)).length;
}

const digest = async (wh: Warehouse, where: string) =>
  wh.one<{ n: number; h: string }>(`select count(*)::integer as n, coalesce(sum(hash(x))::varchar, '0') as h from raw.household x where ${where}`);

let dir: string;
let seed: string;
beforeAll(async () => {
  dir = tempDir('corpus');
  seed = path.join(dir, 'seed.duckdb');
  const wh = await Warehouse.open(seed);
  const file = writeHouseholdCsv(path.join(dir, 'seed', MONTH, '农户信息.csv'), householdRows({ villages: [...TOWN_A, ...TOWN_B], perVillage: 20, month: MONTH }));
  await loadPaths(wh, [file]);
  wh.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a corpus of malformed files', () => {
  const cases = corpus();
  const table: string[] = [];
  it('has at least 50 files', () => expect(cases.length).toBeGreaterThanOrEqual(50));

  it.each(cases.map((c, i) => [i, c.name, c] as const))('%i %s', async (i, _name, c) => {
    const db = path.join(dir, `case${i}.duckdb`);
    fs.copyFileSync(seed, db);
    const wh = await Warehouse.open(db);
    try {
      const before = await snapshotTables(wh);
      const file = path.join(dir, `case${i}`, MONTH, c.file ?? '农户信息.csv');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, c.bytes);
      const results = await loadPaths(wh, [file], { force: true, ...c.options });
      expect(results).toHaveLength(1);
      const r = results[0]!;
      if (r.status === 'failed') {
        expect(r.message).toMatch(/[\u4e00-\u9fff]/);
        expect(r.message).toContain('原数据未改动');
        expect(r.message).not.toMatch(/Invalid Input Error|Conversion Error|Catalog Error|not implemented/i);
        expect(await snapshotTables(wh)).toEqual(before);
      } else {
        expect(r.status).toBe('loaded');
        expect(r.read).toBe(r.loaded + r.rejected);
        const expectedLines = c.dataLines ?? naiveDataLines(c.bytes, c.headerLines ?? 1);
        expect(r.read, 'rows read = data lines counted without the parser').toBe(expectedLines);
        const covered = r.replaced!.areas.map((a) => `'${a.code}'`).join(', ') || `''`;
        // Untouched outside what the file covers; exactly the loaded rows inside it.
        const outside = `village_code not in (${covered})`;
        const seedWh = await Warehouse.open(seed, { readOnly: true });
        const expectedOutside = await digest(seedWh, outside);
        seedWh.close();
        expect(await digest(wh, outside)).toEqual(expectedOutside);
        expect((await digest(wh, `village_code in (${covered})`)).n).toBe(r.loaded);
        const rejects = await wh.one<{ n: number }>(`select count(distinct row_number)::integer as n from raw.rejects where load_id = ${r.loadId}`);
        expect(rejects.n).toBe(r.rejected);
      }
      table.push(`${c.name}\t${r.status}\t${r.read}\t${r.loaded}\t${r.rejected}\t${(r.message ?? "").slice(0, 90)}`);
    } finally {
      wh.close();
    }
  });

  it('prints the corpus table', () => {
    const failed = table.filter((l) => l.split('\t')[1] === 'failed').length;
    console.log(`corpus: ${table.length} files, ${failed} failed as files, ${table.length - failed} loaded, rows lost 0\n${table.join('\n')}`);
  });
});
