import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { recoverNpmArgs } from '../../models/console/npm-args.ts';
import { renderTable } from '../../core/table.ts';
import { runModels } from '../../models/runner/run.ts';
import { Warehouse } from '../../core/warehouse.ts';
import type { Manifest } from '../../pipelines/generate/manifest.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { SAMPLE, tempDir } from '../helpers/warehouse.ts';

const dir = tempDir('sql');
// What the generator wrote into the sample (npm run sample): its villages, months and rows.
const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'generation.json'), 'utf8'));
const db = path.join(dir, 'w.duckdb');

function sql(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.resolve('models/cli/sql.ts'), '--db', db, ...args], { encoding: 'utf8' });
}

beforeAll(async () => {
  const wh = await Warehouse.open(db);
  await loadPaths(wh, [SAMPLE]);
  await runModels(wh);
  wh.close();
});

describe('npm run sql', () => {
  it('refuses a write by default, and says so in Chinese', () => {
    const r = sql(['-c', 'delete from marts.mart_area']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('只读模式下不能修改数据');
    const count = sql(['-c', 'select count(*) as n from marts.mart_area', '--format', 'json']);
    expect(JSON.parse(count.stdout)).toEqual([{ n: 6 }]);
  });

  it('aligns Chinese text in table output', () => {
    const r = sql(['-c', "select area_name as 区划名称, area_level_label as 层级, villages as 村数 from marts.mart_area order by level_order, area_code"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6 + 4);
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
    expect(r.stdout).toContain('石门村');
  });

  it('renders wide and narrow characters to the same column edges', () => {
    const lines = renderTable(['名称', 'n'], [['双桥村', 1], ['ab', 22]]).split('\n');
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
    expect(lines[3]).toBe('│ 双桥村 │  1 │');
  });

  it('writes CSV (with a BOM for Excel), JSON and XLSX', async () => {
    const q = "select area_code, area_name from marts.mart_area where area_level = 'village' order by 1";
    const csv = path.join(dir, 'a.csv');
    expect(sql(['-c', q, '--format', 'csv', '--out', csv]).status).toBe(0);
    expect(fs.readFileSync(csv, 'utf8')).toBe('\uFEFFarea_code,area_name\r\n430321200001,石门村\r\n430321200002,双桥村\r\n430321200003,花园村\r\n');
    const json = JSON.parse(sql(['-c', q, '--format', 'json']).stdout);
    expect(json[1]).toEqual({ area_code: '430321200002', area_name: '双桥村' });
    const xlsx = path.join(dir, 'a.xlsx');
    expect(sql(['-c', q, '--format', 'xlsx', '--out', xlsx]).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, 'area_code', 'area_name']);
    expect(ws.getRow(4).values).toEqual([undefined, '430321200003', '花园村']);
  });

  it('runs a script file and prints the last statement', () => {
    const f = path.join(dir, 'q.sql');
    fs.writeFileSync(f, "select 1;\nselect 'a;b' as x, count(*) as n from marts.mart_listing;");
    const r = sql(['-f', f, '--format', 'json']);
    // mart_listing: one row per village and month
    expect(JSON.parse(r.stdout)).toEqual([{ x: 'a;b', n: manifest.geography.villages * manifest.months.length }]);
  });

  it('lists tables and shows a schema interactively, with timing', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.resolve('models/cli/sql.ts'), '--db', db], {
      input: '.tables\n.schema mart_listing\nselect count(*) as n\n  from marts.mart_area;\n.quit\n',
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
    });
    expect(out).toContain('mart_poverty_incidence');
    expect(out).toContain('listing_reason');
    expect(out).toMatch(/1行，用时\d+\.\d秒/);
  });

  it('works as analysts type it: npm run sql -c "…" (npm takes -c for itself)', () => {
    const r = spawnSync('npm', ['run', '--silent', 'sql', '-c', 'select area_name, villages from mart_area order by area_code limit 2'], {
      encoding: 'utf8',
      env: { ...process.env, CAMPAIGN_WAREHOUSE: db },
    });
    expect(r.stderr).not.toContain('查询出错');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('area_name');
    expect(r.stdout).toMatch(/│ \S+ +│ +\d+ │/);
    expect(r.stderr).toMatch(/2行/);
  });
});

describe('a warehouse loaded but not yet modelled', () => {
  it('opens, and finds raw and meta tables by bare name', async () => {
    const loadedOnly = path.join(dir, 'loaded-only.duckdb');
    const wh = await Warehouse.open(loadedOnly);
    await loadPaths(wh, [SAMPLE]);
    wh.close();
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('models/cli/sql.ts'), '--db', loadedOnly, '-c', "select sum(rows_read)::integer as n from loads where status = 'loaded'", '--format', 'json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([{ n: manifest.files.reduce((n, f) => n + f.rows, 0) }]);
  });
});

describe('arguments npm swallowed', () => {
  const npm = { npm_lifecycle_event: 'sql' };
  it('takes the SQL of -c from npm_config_call', () => {
    expect(recoverNpmArgs([], { ...npm, npm_config_call: 'select 1' })).toEqual(['--command', 'select 1']);
  });
  it('reads bare words left behind: a format, an output file, a .sql file', () => {
    const f = path.join(dir, 'r.sql');
    fs.writeFileSync(f, 'select 1');
    expect(recoverNpmArgs(['json', 'out.csv'], { ...npm, npm_config_call: 'select 1', npm_config_write: 'true' })).toEqual([
      '--command', 'select 1', '--write', '--format', 'json', '--out', 'out.csv',
    ]);
    expect(recoverNpmArgs([f], npm)).toEqual(['--file', f]);
  });
  it('leaves arguments passed after -- alone, and does nothing outside npm', () => {
    expect(recoverNpmArgs(['-c', 'select 2', '--format', 'csv'], { ...npm, npm_config_call: 'select 1' })).toEqual(['-c', 'select 2', '--format', 'csv']);
    expect(recoverNpmArgs(['select 1'], {})).toEqual(['select 1']);
  });
});
