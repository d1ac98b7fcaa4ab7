/**
 * Staging's free-text masking and the privacy gate use one name set and one rule (privacy/names.ts).
 * The city failed its own gate when they did not: staging masked a project's text with the names
 * of its own county and month, the gate checked every name in the warehouse, so a project named
 * after a village (2024年杨X村…) whose stem 杨X is a person in another county went through
 * staging untouched and stopped the build.
 *
 * Here a town warehouse (county A) gets a household in another county (B) whose head is called
 * like the stem of one of A's villages, and A's ledgers get texts with that village and that
 * person in them. Staging must mask the person and keep the village; the gate, with the
 * warehouse's own sets, must find the name in every original staging masked and in none of the
 * published texts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { scanText } from '../../privacy/scan.ts';
import { loadSecrets, type Secrets } from '../../privacy/secrets.ts';
import { townWarehouse } from '../helpers/campaign.ts';

describe('masking and the gate agree in a two-county warehouse', () => {
  let wh: Warehouse;
  let db: string;
  let village: string;
  let stem: string;
  let rows: { column_name: string; original: string; published_text: string; name_masks: number }[];
  let secrets: Secrets;
  const texts = () => ({
    project: [
      `2024年${village}农产品冷链仓储项目`, // the village: a place, kept
      `2024年${stem}家危房改造补助`, // the person of county B: 某户
      `走访${stem}，${village}产业奖补`, // both in one text
      `${stem}`, // the name alone is no place (the village is ${stem}村)
    ],
    unit: [`${village}村民委员会`, `${village}`, `${stem}户整改专班`],
  });

  beforeAll(async () => {
    ({ wh, db } = await townWarehouse(1));
    const v = await wh.one<{ village_code: string; village_name: string; month: string }>(
      `select village_code, village_name, strftime(snapshot_month, '%Y-%m-%d') as month from raw.village
       where village_name like '%村' and length(village_name) >= 3 order by village_code limit 1`,
    );
    village = v.village_name;
    stem = village.slice(0, -1);
    const countyB = v.village_code.slice(0, 4) === '4303' && v.village_code.slice(4, 6) !== '81' ? '430381' : '430382';
    // The stem must be nobody's name in county A, so only county B's household can make it a name.
    const clash = await wh.all(`select 1 from raw.household where head_name = $1 or helper_name = $1`, [stem]);
    expect(clash).toEqual([]);
    await wh.run(
      `insert into raw.household by name
       select * replace ($1 || substr(village_code, 7) as village_code, household_id || 'B' as household_id, $2 as head_name)
       from raw.household where snapshot_month = $3::date order by household_id limit 1`,
      [countyB, stem, v.month],
    );
    const { project, unit } = texts();
    // each text on a copy of one of county A's rows of that month
    const plant = async (table: string, id: string, column: string, list: string[]) => {
      for (const [i, t] of list.entries()) {
        await wh.run(
          `insert into raw.${table} by name
           select * replace (${id} || '-n${i}' as ${id}, $1 as ${column})
           from raw.${table} where snapshot_month = $2::date and left(village_code, 6) = $3 order by ${id} limit 1`,
          [t, v.month, v.village_code.slice(0, 6)],
        );
      }
    };
    await plant('fund_allocation', 'allocation_id', 'project_name', project);
    await plant('issue', 'issue_id', 'responsible_unit', unit);
    await runModels(wh);
    const all = [...project, ...unit];
    rows = await wh.all(
      `select column_name, original, published_text, name_masks::integer as name_masks from staging.stg_free_text
       where original in (${all.map((_, i) => `$${i + 1}`).join(', ')}) order by original`,
      all,
    );
    wh.close();
    secrets = await loadSecrets(db);
  }, 240_000);

  afterAll(() => wh?.close());

  test('the person of county B is masked in county A, the village is not', () => {
    const published = new Map(rows.map((r) => [r.original, r.published_text]));
    expect(published.get(`2024年${village}农产品冷链仓储项目`)).toBe(`2024年${village}农产品冷链仓储项目`);
    expect(published.get(`2024年${stem}家危房改造补助`)).toBe('2024年某户危房改造补助');
    expect(published.get(`走访${stem}，${village}产业奖补`)).toBe(`走访某人，${village}产业奖补`);
    expect(published.get(stem)).toBe('某人');
    expect(published.get(`${village}村民委员会`)).toBe(`${village}村民委员会`);
    expect(published.get(village)).toBe(village);
    expect(published.get(`${stem}户整改专班`)).toBe('某户整改专班');
  });

  test('the gate holds the same names and places as staging', () => {
    expect(secrets.byKind.name.has(stem)).toBe(true);
    expect(secrets.places.has(village)).toBe(true);
  });

  test('the gate finds a name in exactly the originals staging masked, and in no published text', () => {
    const { project, unit } = texts();
    expect(rows.map((r) => r.original).sort()).toEqual([...project, ...unit].sort());
    for (const r of rows) {
      const names = (t: string) => scanText(t, secrets).filter((h) => h.kind === 'name');
      expect(names(r.original).length > 0, r.original).toBe(r.name_masks > 0);
      expect(names(r.published_text), r.published_text).toEqual([]);
    }
  });
});
