import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyselyFor } from '../../core/kysely.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { generateDatabaseTypes } from '../../models/console/codegen.ts';
import { exportParquet } from '../../models/console/parquet.ts';
import type { Database } from '../../models/generated/database.ts';
import { specFiles } from '../../models/runner/data-tests.ts';
import { runModels } from '../../models/runner/run.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { asEvidencePage, dictionaryMarkdown } from '../../scripts/dictionary-lib.ts';
import { memoryWarehouse, SAMPLE, tempDir } from '../helpers/warehouse.ts';

let wh: Warehouse;
beforeAll(async () => {
  wh = await memoryWarehouse();
  await loadPaths(wh, [SAMPLE]);
  await runModels(wh);
});
afterAll(() => wh.close());

describe('Kysely over the warehouse', () => {
  it('runs typed queries against the marts', async () => {
    const db = kyselyFor<Database>(wh);
    const rows = await db
      .selectFrom('marts.mart_poverty_incidence')
      .select(['area_name', 'remaining_poor_people', 'poverty_incidence', 'snapshot_month'])
      .where('area_level', '=', 'town')
      .orderBy('snapshot_month')
      .execute();
    expect(rows.map((r) => r.area_name)).toEqual(['白石乡', '白石乡']);
    expect(typeof rows[0]!.remaining_poor_people).toBe('number');
    expect(rows[0]!.snapshot_month).toBeInstanceOf(Date);
  });

  it('returns the rows of `select count(*) as count` (kysely-duckdb returns none)', async () => {
    const db = kyselyFor<Database>(wh);
    const r = await db.selectFrom('marts.mart_area').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(r.count).toBe(6);
  });

  it('reports affected rows for writes', async () => {
    await wh.run('create temp table k (x integer)');
    const db = kyselyFor<{ k: { x: number } }>(wh);
    const r = await db.insertInto('k').values([{ x: 1 }, { x: 2 }]).executeTakeFirst();
    expect(r.numInsertedOrUpdatedRows).toBe(2n);
  });
});

describe('generated types', () => {
  it('match the warehouse schema (the committed codegen is fresh)', async () => {
    const committed = fs.readFileSync(path.resolve('models/generated/database.ts'), 'utf8');
    expect(await generateDatabaseTypes(wh)).toBe(committed);
  });
});

describe('data dictionary', () => {
  it('lists every mart with its grain and every column with type, Chinese label and definition', async () => {
    const md = await dictionaryMarkdown(wh);
    for (const { table, spec } of specFiles()) {
      expect(md).toContain(`### ${table}`);
      expect(md).toContain(`粒度：${spec.grain}`);
      for (const c of spec.columns) expect(md).toMatch(new RegExp(`\\| ${c.name} \\| [A-Z]`));
    }
    expect(md).toContain('| id_number | 证件号码、身份证号、身份证号码、户主身份证号 | text | 是 |');
  });

  it('is committed fresh, as Markdown and as a site page', async () => {
    const md = await dictionaryMarkdown(wh);
    expect(fs.readFileSync(path.resolve('docs/data-dictionary.md'), 'utf8')).toBe(md);
    expect(fs.readFileSync(path.resolve('reports/dictionary.md'), 'utf8')).toBe(asEvidencePage(md));
  });
});

describe('Parquet export', () => {
  it('writes Hive partitions by month and county that read back with equal row counts', async () => {
    const out = path.join(tempDir('parquet'), 'parquet');
    const results = await exportParquet(wh, out, { internal: true });
    expect(results.find((r) => r.table === 'mart_poverty_incidence')!.partitions).toEqual(['month', 'county']);
    expect(results.find((r) => r.table === 'mart_area')!.partitions).toEqual(['county']);
    expect(fs.existsSync(path.join(out, 'mart_poverty_incidence', 'month=2024-06', 'county=430321'))).toBe(true);
    for (const r of results) {
      const back = await wh.one<{ n: number }>(`select count(*)::integer as n from read_parquet('${out}/${r.table}/**/*.parquet', hive_partitioning = true)`);
      expect(back.n, r.table).toBe(r.rows);
    }
    const town = await wh.one<{ p: number }>(
      `select remaining_poor_people as p from read_parquet('${out}/mart_poverty_incidence/**/*.parquet', hive_partitioning = true) where month = '2024-06' and area_level = 'town'`,
    );
    const direct = await wh.one<{ p: number }>(`select remaining_poor_people as p from marts.mart_poverty_incidence where snapshot_month = '2024-06-01' and area_level = 'town'`);
    expect(town.p).toBe(direct.p);
  });
});
