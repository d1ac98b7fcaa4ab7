import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityName } from '../../core/glossary.ts';
import { columnsOf, writtenColumnsOf } from '../../pipelines/contracts/define.ts';
import { contracts } from '../../pipelines/contracts/index.ts';
import { generateCampaign, type GenerateOptions } from '../../pipelines/generate/campaign.ts';
import { openSource } from '../../pipelines/readers/index.ts';
import { namesTowns } from '../../pipelines/generate/layout.ts';
import type { Manifest, ManifestFile } from '../../pipelines/generate/manifest.ts';
import { type Ledger, readLedger } from './read-ledger.ts';

/**
 * One seed written in the codes layout (with county funds) and in the names layout must describe
 * the same campaign. Both are read back and every spelling undone by hand here, independently of
 * the generator: place names → codes through the village register, 万元 → 元, synonyms, √/×, 有/无,
 * full-width digits, 1,200, 1.8万, real dates; payments by 项目编号 take category and place from
 * the allocation with that project.
 */

const base: Omit<GenerateOptions, 'out' | 'layout'> = { scale: 'town', months: 2, seed: 5, dirt: 0, start: '2024-05', formats: ['csv', 'xlsx'], incomeLine: 7300 };
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-layout-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  out: string;
  manifest: Manifest;
  ledgers: Map<string, Ledger>;
}

async function run(o: Partial<GenerateOptions>): Promise<Run> {
  const out = tmp();
  const manifest = await generateCampaign({ ...base, out, ...o });
  const ledgers = new Map<string, Ledger>();
  for (const f of manifest.files) ledgers.set(f.path, await readLedger(path.join(out, f.path), f));
  return { out, manifest, ledgers };
}

let codes: Run;
let names: Run;
beforeAll(async () => {
  codes = await run({ layout: 'codes', countyFunds: true });
  names = await run({ layout: 'names' });
}, 120_000);

const SOURCE_BACK: Record<string, string> = { 回头看大排查: '排查', 大排查: '排查', 巡视巡察: '巡视', 成效考核: '考核', 审计监察: '审计' };
const FULL = '０１２３４５６７８９';

/** '1.8万' or '12.3456' (万元) → 元 as the codes layout writes it (at most two decimals), in integers. */
function yuanFromWanText(text: string): string {
  const [whole, frac = ''] = text.split('.') as [string, string?];
  const fen = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  const cents = fen % 100n;
  return cents === 0n ? String(fen / 100n) : `${fen / 100n}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

function plainNumber(text: string): string {
  const half = text.replace(/[０-９]/g, (d) => String(FULL.indexOf(d))).replaceAll(',', '');
  return half.endsWith('万') ? yuanFromWanText(half.slice(0, -1)) : half;
}

const PLACE_HEADERS = ['县市区', '乡镇', '行政村', '所属村'];

function plainVillage(name: string): string {
  return name.replace(/村民委员会$/, '村').replace(/村委会$/, '村').replace(/社区居委会$/, '社区');
}

/** The register: village code by county + town + village name, county code by county name. */
function register(r: Run) {
  const f = r.manifest.files.find((x) => x.entity === 'village')!;
  const byPath = new Map<string, string>();
  for (const row of rowsOf(r, f)) {
    byPath.set(`${row.county_name}${row.town_name}${row.village_name}`, row.village_code!);
    byPath.set(row.county_name!, row.village_code!.slice(0, 6));
  }
  return byPath;
}

/** A ledger's rows keyed by contract column, every names-layout spelling undone. */
function rowsOf(r: Run, f: ManifestFile, places?: Map<string, string>): Record<string, string>[] {
  const ledger = r.ledgers.get(f.path)!;
  // The place-name columns are read as places below, not as cells.
  const cols = writtenColumnsOf(contracts[f.entity]);
  const byHeader = new Map(cols.map((c) => [c.headers[0], c]));
  return ledger.rows.map((cells) => {
    const row: Record<string, string> = {};
    const place = { county: '', town: '', village: '', path: '' };
    ledger.headers.forEach((header, i) => {
      const v = cells[i] ?? '';
      const placeHeader = !byHeader.has(header) && PLACE_HEADERS.includes(header);
      if (placeHeader) {
        if (header === '县市区') place.county = v;
        else if (header === '乡镇') place.town = v;
        else if (header === '行政村') place.village = plainVillage(v);
        else place.path = plainVillage(v);
        return;
      }
      const wan = byHeader.has(header) ? null : /^(.*)[（(]万元[）)]$/.exec(header);
      const col = wan ? byHeader.get(`${wan[1]}（元）`) : byHeader.get(header);
      if (!col) throw new Error(`${f.path}: unknown header ${header}`);
      let value = v;
      if (wan) value = yuanFromWanText(v);
      else if (col.kind === 'bool') value = v === '√' || v === '有' ? '是' : v === '×' || v === '无' ? '否' : v;
      else if (col.name === 'source') value = SOURCE_BACK[v] ?? v;
      else if (col.kind === 'month') {
        const m = /^(\d{4})-(\d{2})(-01)?$/.exec(v) ?? /^(\d{4})年(\d{1,2})月$/.exec(v);
        value = m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : v;
      } else if (col.kind === 'int' || col.kind === 'decimal') value = plainNumber(v);
      row[col.name] = value;
    });
    if (places && (place.county || place.path)) {
      const key = place.path || place.county + place.town + place.village;
      const code = places.get(key);
      if (!code) throw new Error(`${f.path}: no place ${key}`);
      row.village_code = code;
    }
    return row;
  });
}

/** Each month's rows per entity, payments by project completed from the allocations. */
function campaign(r: Run): Map<string, Record<string, string>[]> {
  const places = register(r);
  const out = new Map<string, Record<string, string>[]>();
  for (const month of r.manifest.months) {
    const files = r.manifest.files.filter((f) => f.month === month);
    const rowsFor = (e: EntityName) => files.filter((f) => f.entity === e).flatMap((f) => rowsOf(r, f, places));
    const allocations = rowsFor('fund_allocation');
    const project = new Map(allocations.map((a) => [a.project_id, a]));
    const payments = rowsFor('fund_payment').map((p) => {
      if (p.fund_category !== undefined) return p;
      const a = project.get(p.project_id)!;
      return { ...p, fund_category: a.fund_category!, village_code: a.village_code! };
    });
    const all: [EntityName, Record<string, string>[]][] = [
      ['village', rowsFor('village')], ['household', rowsFor('household')], ['issue', rowsFor('issue')], ['fund_allocation', allocations], ['fund_payment', payments],
    ];
    for (const [e, rows] of all) {
      const key = contracts[e].key[0] as string;
      const cols = columnsOf(contracts[e]).map((c) => c.name);
      out.set(`${month}/${e}`, rows.map((row) => Object.fromEntries(cols.map((c) => [c, row[c] ?? '']))).sort((a, b) => (a[key]! < b[key]! ? -1 : 1)));
    }
  }
  return out;
}

describe('real layouts', () => {
  it('codes and names of one seed describe the same campaign, row for row', () => {
    const a = campaign(codes);
    const b = campaign(names);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [key, rows] of a) {
      expect(rows.length, key).toBeGreaterThan(0);
      expect(b.get(key), key).toEqual(rows);
    }
    // County-level allocations exist, with a 6-digit code, and their payments cite only 项目编号.
    const alloc = a.get(`${codes.manifest.months[1]}/fund_allocation`)!;
    expect(alloc.some((r) => r.village_code!.length === 6)).toBe(true);
    expect(codes.manifest.files.some((f) => f.projectOnly && f.entity === 'fund_payment')).toBe(true);
  });

  it('the names files are spelled the towns’ way', () => {
    const files = names.manifest.files;
    const household = files.filter((f) => f.entity === 'household');
    for (const f of household) {
      const h = names.ledgers.get(f.path)!.headers;
      expect(h).not.toContain('行政村代码');
      expect(h.includes('所属村') || ['县市区', '乡镇', '行政村'].every((x) => h.includes(x)), f.path).toBe(true);
    }
    expect(files.find((f) => f.entity === 'village')!.habit).toBe('codes');
    expect(names.ledgers.get(files.find((f) => f.entity === 'village')!.path)!.headers).toContain('行政村代码');
    const cells = files.filter((f) => f.entity !== 'village').flatMap((f) => names.ledgers.get(f.path)!.rows.flat());
    const headers = files.flatMap((f) => names.ledgers.get(f.path)!.headers);
    expect(headers.some((h) => /金额[（(]万元[）)]$/.test(h))).toBe(true);
    for (const pattern of [/村委会$|村民委员会$/, /^[√×有无]$/, /[０-９]/, /^\d{1,3}(,\d{3})+(\.\d+)?$/, /^\d+(\.\d+)?万$/, /^(回头看大排查|大排查|成效考核|巡视巡察|审计监察)$/]) {
      expect(cells.some((c) => pattern.test(c)), String(pattern)).toBe(true);
    }
    expect(cells).not.toContain('是');
    expect(files.some((f) => f.format === 'xls')).toBe(true);
    expect(files.some((f) => f.projectOnly && f.habit === 'names')).toBe(true);
    const byProject = files.find((f) => f.projectOnly)!;
    expect(names.ledgers.get(byProject.path)!.headers).not.toContain('资金类别');
  });

  it('--layout codes writes the files it always did: no county projects, no payment list by project', async () => {
    const plain = await run({ layout: 'codes' });
    expect(plain.manifest.files.map((f) => f.path)).toEqual(plain.manifest.months.flatMap((m) => ['村基本情况.csv', '农户信息.csv', '问题整改台账.xlsx', '资金下达台账.csv', '资金支出台账.xlsx', '督导记录.xlsx', '帮扶措施台账.csv'].map((n) => `${m}/${n}`)));
    expect(plain.manifest.layout).toBeUndefined();
    expect(plain.manifest.files.every((f) => f.habit === undefined)).toBe(true);
  });

  it('every dirt the manifest lists in a names file is in that file, at that row and header', async () => {
    const dirty = await run({ layout: 'names', dirt: 0.02 });
    expect(dirty.manifest.dirt.some((d) => d.file.includes('/湘潭县'))).toBe(true);
    for (const d of dirty.manifest.dirt) {
      const f = dirty.manifest.files.find((x) => x.path === d.file)!;
      const ledger = dirty.ledgers.get(d.file)!;
      const row = ledger.rows[d.row - f.headerRow - 1]!;
      expect(ledger.headers, d.file).toContain(d.header);
      if (d.kind === 'duplicate_row') expect(row).toEqual(ledger.rows[d.duplicateOf! - f.headerRow - 1]);
      else expect(row[ledger.headers.indexOf(d.header)], `${d.file} row ${d.row} ${d.header}`).toBe(d.value);
    }
    for (const f of dirty.manifest.files) expect(dirty.ledgers.get(f.path)!.rows.length, f.path).toBe(f.rows);
  });

  it('mixed in a one-town scope writes the town its way and no empty scope files', async () => {
    const mixed = await run({ layout: 'mixed' });
    expect(mixed.manifest.layout?.namesTowns).toHaveLength(1);
    for (const f of mixed.manifest.files) expect(f.rows, f.path).toBeGreaterThan(0);
    expect(mixed.manifest.files.filter((f) => f.entity === 'household').map((f) => f.habit)).toEqual(mixed.manifest.months.map(() => 'names'));
  });

  it('the loader’s .xls reader opens every .xls the generator writes: same headers, same rows', async () => {
    const xls = names.manifest.files.filter((f) => f.format === 'xls');
    expect(xls.length).toBeGreaterThan(0);
    for (const f of xls) {
      const src = await openSource(path.join(names.out, f.path));
      try {
        expect(src.headers, f.path).toEqual(names.ledgers.get(f.path)!.headers);
        expect(src.entity, f.path).toBe(f.entity);
        expect(src.expectedRows, f.path).toBe(f.rows);
      } finally {
        src.dispose();
      }
    }
  });

  it('a names run is byte-identical for the same seed, .xls included', async () => {
    const again = await run({ layout: 'names' });
    expect(again.manifest.files.map((f) => [f.path, f.sha256])).toEqual(names.manifest.files.map((f) => [f.path, f.sha256]));
  });

  it('mixed picks the share of towns by seed, at least one', () => {
    const towns = Array.from({ length: 10 }, (_, i) => `430321${String(100 + i)}`);
    const a = namesTowns(3, 'mixed', 0.5, towns);
    expect(a.size).toBe(5);
    expect(namesTowns(3, 'mixed', 0.5, towns)).toEqual(a);
    expect(namesTowns(4, 'mixed', 0.5, towns)).not.toEqual(a);
    expect(namesTowns(3, 'mixed', 0.01, towns).size).toBe(1);
    expect(namesTowns(3, 'codes', 0.5, towns).size).toBe(0);
    expect(namesTowns(3, 'names', 0.5, towns).size).toBe(10);
  });
});
