/**
 * A published mart with no rows (no fund over its cap this campaign) makes `evidence sources`
 * list a parquet in the manifest without writing it; the site build then fails on every page.
 * scripts/site-empty-sources.ts must put a readable zero-row parquet with the right columns there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../../core/config.ts';
import { memoryWarehouse, tempDir } from '../helpers/warehouse.ts';

test('a source with no rows gets a zero-row parquet with its recorded columns', async () => {
  const dataDir = tempDir('empty-sources');
  const table = path.join(dataDir, 'warehouse', 'mart_fund_cap_breaches');
  fs.mkdirSync(table, { recursive: true });
  fs.writeFileSync(
    path.join(table, 'mart_fund_cap_breaches.schema.json'),
    JSON.stringify([
      { name: 'month', evidenceType: 'date' },
      { name: 'area_name', evidenceType: 'string' },
      { name: 'over_wan', evidenceType: 'number' },
    ]),
  );
  // A second source that did write rows must be left alone.
  const kept = path.join(dataDir, 'warehouse', 'mart_area');
  fs.mkdirSync(kept, { recursive: true });
  fs.writeFileSync(path.join(kept, 'mart_area.parquet'), 'not touched');
  fs.writeFileSync(
    path.join(dataDir, 'manifest.json'),
    JSON.stringify({
      renderedFiles: {
        warehouse: [
          'static/data/warehouse/mart_area/mart_area.parquet',
          'static/data/warehouse/mart_fund_cap_breaches/mart_fund_cap_breaches.parquet',
        ],
      },
    }),
  );

  const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/site-empty-sources.ts', dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(out).toContain('mart_fund_cap_breaches.parquet: no rows');
  expect(fs.readFileSync(path.join(kept, 'mart_area.parquet'), 'utf8')).toBe('not touched');

  const file = path.join(table, 'mart_fund_cap_breaches.parquet');
  const wh = await memoryWarehouse();
  const cols = await wh.all<{ column_name: string; column_type: string }>(
    `describe select * from read_parquet('${file}')`,
  );
  expect(cols.map((c) => [c.column_name, c.column_type])).toEqual([
    ['month', 'DATE'],
    ['area_name', 'VARCHAR'],
    ['over_wan', 'DOUBLE'],
  ]);
  expect(await wh.one<{ n: number }>(`select count(*)::integer as n from read_parquet('${file}')`)).toEqual({ n: 0 });
  wh.close();
});

test('a parquet left by an earlier run of the sources is replaced when the source now has no rows', async () => {
  const dataDir = tempDir('stale-sources');
  const table = path.join(dataDir, 'warehouse', 'mart_load_warnings');
  fs.mkdirSync(table, { recursive: true });
  fs.writeFileSync(path.join(table, 'mart_load_warnings.schema.json'), JSON.stringify([{ name: 'value', evidenceType: 'string' }]));
  const file = path.join(table, 'mart_load_warnings.parquet');
  const fresh = path.join(dataDir, 'warehouse', 'mart_area', 'mart_area.parquet');
  fs.mkdirSync(path.dirname(fresh), { recursive: true });
  const wh = await memoryWarehouse();
  // the earlier build's rows (another warehouse), written an hour before this run
  await wh.run(`copy (select '其他乡的原值' as value) to '${file}' (format parquet)`);
  const hourAgo = new Date(Date.now() - 3_600_000);
  fs.utimesSync(file, hourAgo, hourAgo);
  fs.writeFileSync(fresh, 'written by this run');
  fs.writeFileSync(
    path.join(dataDir, 'manifest.json'),
    JSON.stringify({ renderedFiles: { warehouse: ['static/data/warehouse/mart_area/mart_area.parquet', 'static/data/warehouse/mart_load_warnings/mart_load_warnings.parquet'] } }),
  );
  const since = Date.now() - 60_000;
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/site-empty-sources.ts', dataDir, '--since', String(since)], { cwd: ROOT, encoding: 'utf8' });
  expect(await wh.one<{ n: number }>(`select count(*)::integer as n from read_parquet('${file}')`)).toEqual({ n: 0 });
  expect(fs.readFileSync(fresh, 'utf8')).toBe('written by this run');
  wh.close();
});
