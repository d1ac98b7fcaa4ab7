/**
 * The gate at the write points: a failed check leaves no output behind (the temporary folder is
 * removed and nothing reaches the final folder), a passed one moves files into place with a
 * stamp; PDFs are refused from a site without the stamp or stamped for another audience. The
 * public warehouse publishes no count below the threshold, and no lone suppressed cell that a
 * total could give back; the default Parquet household table is k-anonymous.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../../core/config.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { exportParquet } from '../../models/console/parquet.ts';
import { PrivacyGateError, publish, readStamp, requirePassedSite, STAMP, stagingDir } from '../../privacy/gate.ts';
import { derivePublicWarehouse } from '../../privacy/public-warehouse.ts';
import { townWarehouse } from '../helpers/campaign.ts';
import { tempDir } from '../helpers/warehouse.ts';

let db: string;
let head: { name: string; phone: string };

beforeAll(async () => {
  const town = await townWarehouse(2);
  db = town.db;
  head = await town.wh.one<{ name: string; phone: string }>(`select head_name as name, phone from raw.household where length(head_name) = 2 order by household_id limit 1`);
  town.wh.close();
}, 180_000);

async function workbookWith(file: string, cell: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('台账').addRow(['项目名称', cell]);
  await wb.xlsx.writeFile(file);
}

describe('publish: the write point of every export', () => {
  test('a failed check removes the temporary folder and writes nothing to the final one', async () => {
    const final = path.join(tempDir('publish'), '2024-06');
    const staging = stagingDir(final);
    await workbookWith(path.join(staging, '资金台账.xlsx'), `2024年${head.name}家危房改造补助`);
    fs.writeFileSync(path.join(staging, 'ok.txt'), '汇总数据');
    const err = await publish(staging, final, { warehouse: db, allow: [], quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrivacyGateError);
    expect((err as PrivacyGateError).report.findings.map((f) => [f.file, f.kind])).toEqual([['资金台账.xlsx', 'name']]);
    expect(fs.existsSync(staging)).toBe(false);
    expect(fs.existsSync(final)).toBe(false);
  });

  test('a phone typed with spaces inside a workbook fails too, and the report does not repeat it', async () => {
    const final = path.join(tempDir('publish'), 'out');
    const staging = stagingDir(final);
    const spaced = `${head.phone.slice(0, 3)} ${head.phone.slice(3, 7)} ${head.phone.slice(7)}`;
    await workbookWith(path.join(staging, 'x.xlsx'), `联系电话${spaced}`);
    const err = (await publish(staging, final, { warehouse: db, allow: [], quiet: true }).catch((e: unknown) => e)) as PrivacyGateError;
    expect(err.report.findings.map((f) => f.kind)).toEqual(['phone']);
    expect(JSON.stringify(err.report.findings)).not.toContain(head.phone.slice(3, 7));
    expect(fs.existsSync(final)).toBe(false);
  });

  test('a clean folder is moved into place with its stamp', async () => {
    const final = path.join(tempDir('publish'), 'out');
    const staging = stagingDir(final);
    await workbookWith(path.join(staging, 'ok.xlsx'), '2024年某户危房改造补助');
    await publish(staging, final, { warehouse: db, allow: [], quiet: true });
    expect(fs.readdirSync(final).sort()).toEqual([STAMP, 'ok.xlsx'].sort());
    expect(readStamp(final)?.audience).toBe('internal');
    expect(fs.existsSync(staging)).toBe(false);
  });

  test('PDFs are refused from a site without a stamp, or stamped for another audience', () => {
    const site = tempDir('site');
    fs.writeFileSync(path.join(site, 'index.html'), '<p>总览</p>');
    expect(() => requirePassedSite(site)).toThrow(/没有通过个人信息检查/);
    fs.writeFileSync(path.join(site, STAMP), JSON.stringify({ audience: 'internal', checked_at: '', files: 1, seconds: 0, exemptions: [] }));
    expect(requirePassedSite(site, 'internal').audience).toBe('internal');
    expect(() => requirePassedSite(site, 'public')).toThrow(/不能导出/);
  });

  test('the command removes a stale stamp when the check fails', () => {
    const site = tempDir('site');
    fs.writeFileSync(path.join(site, 'index.html'), `<td>${head.name}</td>`);
    fs.writeFileSync(path.join(site, STAMP), '{}');
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'check-privacy.ts'), '--warehouse', db, site], { encoding: 'utf8', env: { ...process.env, PRIVACY_ALLOW: '' } });
    expect(run.status).toBe(1);
    expect(fs.existsSync(path.join(site, STAMP))).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(head.name);
  });
});

describe('the public warehouse', () => {
  let pub: string;
  let result: Awaited<ReturnType<typeof derivePublicWarehouse>>;
  let wh: Warehouse;
  beforeAll(async () => {
    pub = path.join(tempDir('public'), 'public.duckdb');
    result = await derivePublicWarehouse(db, pub, 3);
    wh = await Warehouse.open(pub, { readOnly: true });
    await wh.run(`attach '${db}' as src (read_only)`);
  }, 120_000);
  afterAll(() => wh?.close());

  test('publishes no household or person count between 1 and 2, and says it is public', async () => {
    expect(result.smallestPublished).toBeGreaterThanOrEqual(3);
    const small = await wh.one<{ n: number }>(
      `select count(*)::integer as n from marts.mart_key_households
       where unlifted_households between 1 and 2 or monitored_households between 1 and 2 or edge_households between 1 and 2`,
    );
    expect(small.n).toBe(0);
    expect((await wh.one<{ a: string }>(`select audience as a from meta.publication`)).a).toBe('public');
    // the demo town has villages with one or two households of a kind: something was suppressed
    expect(result.suppressed['mart_key_households.unlifted_households']).toBeGreaterThan(0);
  });

  test('no village is the only suppressed one among its town’s villages, so the town total cannot give it back', async () => {
    const lone = await wh.all<{ m: string; town: string }>(
      `select p.snapshot_month::varchar as m, left(p.area_code, 9) as town
       from marts.mart_key_households as p
       join src.marts.mart_key_households as o using (snapshot_month, area_code)
       where p.area_level = 'village'
       group by all
       having count(*) filter (where (p.edge_households is null or isnan(p.edge_households)) and o.edge_households is not null) = 1`,
    );
    expect(lone).toEqual([]);
  });

  test('a small count is hidden as NULL (shown <3), a complementary cell as NaN (shown *), and each was what it says', async () => {
    const key = Object.keys(result.complementary).find((k) => k.startsWith('mart_key_households.'));
    expect(key, 'the town has a complementary cell among its key-household counts').toBeDefined();
    const c = key!.split('.')[1]!;
    const cells = await wh.all<{ kind: string; lo: number; hi: number; n: number }>(
      `select case when p.${c} is null then 'small' else 'complementary' end as kind,
              min(o.${c})::integer as lo, max(o.${c})::integer as hi, count(*)::integer as n
       from marts.mart_key_households as p
       join src.marts.mart_key_households as o using (snapshot_month, area_code)
       where (p.${c} is null or isnan(p.${c})) and o.${c} is not null
       group by all order by kind`,
    );
    const small = cells.find((x) => x.kind === 'small') ?? { lo: 1, hi: 2, n: 0 };
    const comp = cells.find((x) => x.kind === 'complementary')!;
    expect(small.lo).toBeGreaterThanOrEqual(1);
    expect(small.hi).toBeLessThanOrEqual(2);
    expect(comp.lo).toBeGreaterThanOrEqual(3);
    const recorded = await wh.one<{ small: number; comp: number }>(
      `select small_cells as small, complementary_cells as comp from meta.suppressed_cells where mart = 'mart_key_households' and column_name = $1`,
      [c],
    );
    expect(recorded).toEqual({ small: small.n, comp: comp.n });
    expect(result.complementary[key!]).toBe(comp.n);
    expect(result.threshold).toBe(3);
  });

  test('the deck states no rate the public warehouse hid', async () => {
    // Each rate the deck's sentences state, with the slide that states it; a hidden one (NULL in
    // the public mart_kpi, set in the source) must not be in that slide's title or sentence.
    const rates = { clearance_rate: 'issues', disbursement_rate: 'funds', supervision_coverage_rate: 'supervision', poverty_incidence: 'poverty' };
    const checks = Object.entries(rates).map(
      ([rate, slide]) =>
        `select '${slide}' as slide, d.title || d.message as text, printf('%.1f', o.${rate} * 100) || '%' as hidden
         from marts.mart_kpi as p
         join src.marts.mart_kpi as o using (snapshot_month, area_code)
         join marts.mart_deck_slides as d using (snapshot_month, area_code)
         where d.slide_key = '${slide}' and p.${rate} is null and o.${rate} is not null`,
    );
    const hidden = await wh.all<{ slide: string; text: string; hidden: string }>(checks.join(' union all '));
    expect(new Set(hidden.map((h) => h.slide)).size, 'the town has months whose fund, issue and supervision rates are hidden').toBeGreaterThanOrEqual(3);
    expect(hidden.filter((h) => h.text.includes(h.hidden))).toEqual([]);
  });

  test('a suppressed count takes its row’s rates with it', async () => {
    const leaks = await wh.one<{ n: number }>(
      `select count(*)::integer as n from marts.mart_poverty_incidence where remaining_poor_people is null and poverty_incidence is not null`,
    );
    expect(leaks.n).toBe(0);
  });
});

describe('the Parquet export for analysts', () => {
  test('by default the household table is 5-anonymous on village, family size, labour, type and cause, without the key', async () => {
    const wh = await Warehouse.open(db, { readOnly: true });
    const out = path.join(tempDir('parquet'), 'parquet');
    const results = await exportParquet(wh, out, { k: 5 });
    const glob = `'${out}/mart_household_analyst/**/*.parquet'`;
    const small = await wh.one<{ n: number }>(
      `select count(*)::integer as n from (select 1 from read_parquet(${glob}, hive_partitioning = true)
       group by snapshot_month, area_code, family_size, labor_count, household_type, poverty_cause having count(*) < 5)`,
    );
    const cols = (await wh.all<{ c: string }>(`select column_name as c from (describe select * from read_parquet(${glob}, hive_partitioning = true))`)).map((r) => r.c);
    const total = await wh.one<{ n: number }>(`select count(*)::integer as n from marts.mart_household_analyst`);
    wh.close();
    expect(small.n).toBe(0);
    expect(cols).not.toContain('household_key');
    const r = results.find((x) => x.table === 'mart_household_analyst')!;
    expect(r.rows + (r.dropped ?? 0)).toBe(total.n);
  });
});
