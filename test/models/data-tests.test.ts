import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { collectDataTests, describeFailure, failedTests, runDataTests, undocumentedColumns } from '../../models/runner/data-tests.ts';
import { modelList, runModels } from '../../models/runner/run.ts';
import { columnsOf, contracts, entityNames } from '../../pipelines/contracts/index.ts';
import type { Manifest } from '../../pipelines/generate/manifest.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { memoryWarehouse, SAMPLE } from '../helpers/warehouse.ts';

let wh: Warehouse;
beforeAll(async () => {
  wh = await memoryWarehouse();
  await loadPaths(wh, [SAMPLE]);
  await runModels(wh);
});
afterAll(() => wh.close());

describe('data tests on the bundled sample', () => {
  it('cover every mart key with unique / not_null / relationships / accepted_values, plus cross-row assertions', () => {
    const tests = collectDataTests();
    const kinds = new Set(tests.map((t) => t.name.split(':')[0]));
    expect(kinds).toEqual(new Set(['unique_key', 'unique', 'not_null', 'relationships', 'accepted_values', 'range', 'assert']));
    expect(tests.filter((t) => t.name.startsWith('assert:')).length).toBeGreaterThanOrEqual(7);
  });

  it('all pass', async () => {
    const failed = failedTests(await runDataTests(wh)).map((t) => `${t.name}: ${t.failures} ${t.missing.join()} ${JSON.stringify(t.sample[0])}`);
    expect(failed).toEqual([]);
  });

  it('name the model tables they read, and report a table the warehouse lacks instead of crashing', async () => {
    const tests = collectDataTests();
    const models = new Set(modelList().map((m) => `${m.layer}.${m.name}`));
    for (const t of tests) {
      expect(t.tables.length, t.name).toBeGreaterThan(0);
      for (const x of t.tables) expect(models.has(x), `${t.name} reads ${x}`).toBe(true);
    }
    expect(tests.find((t) => t.name === 'assert:assert_town_equals_its_villages')!.tables).toContain('marts.mart_poverty_incidence');
    const empty = await memoryWarehouse();
    try {
      const [r] = await runDataTests(empty, tests.filter((t) => t.name === 'unique_key:marts.mart_area'));
      expect(r!.missing).toEqual(['marts.mart_area']);
      expect(failedTests([r!])).toHaveLength(1);
      expect(describeFailure(r!)).toContain('仓库中没有 marts.mart_area');
    } finally {
      empty.close();
    }
  });

  it('catch a broken mart (the tests can fail)', async () => {
    await wh.run(`create or replace temp table broken as select * from marts.mart_poverty_incidence`);
    await wh.run(`update marts.mart_poverty_incidence set remaining_poor_people = remaining_poor_people + 1 where area_level = 'village'`);
    await wh.run(`insert into marts.mart_area select * from marts.mart_area limit 1`);
    const failed = failedTests(await runDataTests(wh)).map((t) => t.name);
    expect(failed).toEqual(expect.arrayContaining(['assert:assert_town_equals_its_villages', 'assert:assert_incidence_formula', 'unique:marts.mart_area.area_code', 'unique_key:marts.mart_area']));
    await runModels(wh);
  });

  it('document every column of every mart', async () => {
    expect(await undocumentedColumns(wh)).toEqual([]);
  });

  it('carry no personal data: no contract column flagged personal, and no 户编号, in any mart', async () => {
    const personal = new Set(entityNames.flatMap((e) => columnsOf(contracts[e]).filter((c) => c.personal).map((c) => c.name)));
    personal.add('household_id');
    const cols = await wh.all<{ t: string; c: string }>(`select table_name as t, column_name as c from information_schema.columns where table_schema = 'marts'`);
    expect(cols.filter((x) => personal.has(x.c)).map((x) => `${x.t}.${x.c}`)).toEqual([]);
    // and no value that looks like an ID number or a mobile number
    for (const { t, c } of cols) {
      const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from marts.${t} where regexp_full_match("${c}"::varchar, '\\d{17}[0-9X]|1\\d{10}')`);
      expect(n, `${t}.${c}`).toBe(0);
    }
  });

  it('report the sample’s planted problems in the data-quality mart', async () => {
    // Expected per village from the generator's manifest and the file itself (the village code is the row's second cell).
    const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'generation.json'), 'utf8'));
    const file = '2024-06/农户信息.csv';
    const lines = fs.readFileSync(path.join(SAMPLE, file), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    const villageAt = (row: number) => lines[row - 1]!.split(',')[1]!;
    const want = new Map<string, { duplicate_household_rows: number; id_check_digit_errors: number; rejected: Set<number> }>();
    const of = (code: string) => want.get(code) ?? want.set(code, { duplicate_household_rows: 0, id_check_digit_errors: 0, rejected: new Set() }).get(code)!;
    for (const d of manifest.dirt.filter((x) => x.file === file)) {
      const v = of(villageAt(d.row));
      if (d.kind === 'duplicate_row') {
        v.duplicate_household_rows += 2;
        v.rejected.add(d.row).add(d.duplicateOf!);
      } else if (d.kind === 'bad_check_digit') {
        v.id_check_digit_errors += 1;
        v.rejected.add(d.row);
      } else if (d.kind === 'missing_required' || d.kind === 'unknown_enum') v.rejected.add(d.row);
    }
    expect([...want.values()].reduce((n, v) => n + v.rejected.size, 0)).toBeGreaterThan(2);
    const villageRejected = manifest.dirt.some((d) => d.file === '2024-06/村基本情况.csv' && d.kind !== 'village_total_mismatch');
    const dq = await wh.all<Record<string, unknown>>(`select village_code, village_reported, duplicate_household_rows, id_check_digit_errors, household_rows_rejected
      from marts.mart_data_quality where snapshot_month = '2024-06-01' order by village_code`);
    expect(dq.map((r) => r.village_code)).toEqual(['430321200001', '430321200002', '430321200003']);
    for (const r of dq) {
      const v = want.get(r.village_code as string);
      expect(r, r.village_code as string).toEqual({
        village_code: r.village_code,
        village_reported: !villageRejected,
        duplicate_household_rows: v?.duplicate_household_rows ?? 0,
        id_check_digit_errors: v?.id_check_digit_errors ?? 0,
        household_rows_rejected: v?.rejected.size ?? 0,
      });
    }
  });

  it('tell how every loaded row found its village code: in the sample, all given', async () => {
    const sources = await wh.all<{ entity: string; code_source: string; n: number }>(
      `select entity, code_source, sum(rows_loaded)::integer as n from marts.mart_code_sources group by all order by 1, 2`,
    );
    for (const s of sources) {
      const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from raw.${s.entity}`);
      expect(s, s.entity).toEqual({ entity: s.entity, code_source: 'given', n });
    }
    expect(sources).toHaveLength(5);
  });
});
