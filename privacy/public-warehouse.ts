/**
 * The public audience's warehouse: a copy of the warehouse whose published marts have small
 * counts suppressed, for the public site and the 总结报告 meant for publication.
 * - Counts of households and people (columns named …households / …people) below the threshold
 *   (default 3, parameter public_small_cell_threshold), zero excepted, become null: shown as “<3”.
 * - Complementary suppression: where a group of siblings (same month, same parent area, same other
 *   key columns) has exactly one suppressed cell in a column, the smallest other non-zero sibling
 *   is suppressed too, so the parent's total cannot give the small one back.
 * - Every rate, amount and change in a row with a suppressed count is suppressed with it: an
 *   incidence or an average income over fewer than three households is as telling as the count.
 * The raw tables stay in the copy (the privacy gate reads them); nothing reads them for the site.
 */
import fs from 'node:fs';
import { Warehouse } from '../core/warehouse.ts';
import { specFiles } from '../models/runner/data-tests.ts';

const PROTECTED = /(^|_)(households|people)$/;
/** Denominators from the village register (public anyway) and rows of ledgers, not persons. */
const NOT_PROTECTED = new Set(['agri_households', 'agri_population', 'households_loaded']);
const AREA_COLUMNS = ['area_code', 'village_code'];

export interface PublicCopyResult {
  /** mart.column → cells suppressed (primary + complementary). */
  suppressed: Record<string, number>;
  /** The smallest non-zero count left published. */
  smallestPublished: number | null;
}

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;

export async function derivePublicWarehouse(source: string, target: string, threshold?: number): Promise<PublicCopyResult> {
  if (fs.existsSync(`${source}.wal`)) throw new Error(`${source} 有未写完的日志（.wal），请先关闭正在写它的进程`);
  fs.rmSync(target, { force: true });
  fs.rmSync(`${target}.wal`, { force: true });
  fs.copyFileSync(source, target);
  const wh = await Warehouse.open(target);
  try {
    const t =
      threshold ??
      Number((await wh.all<{ v: number }>(`select value as v from meta.parameters where name = 'public_small_cell_threshold'`).catch(() => []))[0]?.v ?? 3);
    if (!(Number.isInteger(t) && t >= 2)) throw new Error(`公开阈值应为不小于2的整数：${t}`);
    const suppressed: Record<string, number> = {};
    const published = specFiles().filter((s) => s.spec.publish && s.table.startsWith('marts.'));
    await wh.run('begin');
    for (const { table, spec } of published) {
      const cols = await wh.all<{ c: string; type: string }>(
        `select column_name as c, data_type as type from information_schema.columns where table_schema = 'marts' and table_name = $1 order by ordinal_position`,
        [table.slice('marts.'.length)],
      );
      const names = cols.map((c) => c.c);
      const protectedCols = cols.filter((c) => /INT/.test(c.type) && PROTECTED.test(c.c) && !NOT_PROTECTED.has(c.c)).map((c) => c.c);
      if (protectedCols.length === 0) continue;
      const area = AREA_COLUMNS.find((a) => names.includes(a));
      const parent = area === 'area_code' ? `(select parent_code from marts.mart_area as a where a.area_code = x.area_code)` : area === 'village_code' ? 'left(x.village_code, 9)' : `''`;
      const keys = (spec.unique_key ?? []).filter((k) => k !== area && names.includes(k));
      const keyCols = keys.map((k, i) => `x.${q(k)} as k${i}`).concat([`${parent} as parent`]).join(', ');
      // Which cells to suppress is decided on the original values, then applied one column at a time.
      await wh.run(`create or replace temp table sup as select x.rowid as rid, ${keyCols} from ${table} as x`);
      let rowsHit = new Set<number>();
      for (const c of protectedCols) {
        const k = keys.map((_, i) => `k${i}`).concat(['parent']).join(', ');
        const cells = await wh.all<{ rid: number }>(
          `with v as (select s.*, x.${q(c)} as value from sup as s join ${table} as x on x.rowid = s.rid),
           primary_cells as (select rid from v where value > 0 and value < ${t}),
           groups as (
             select ${k}, count(*) filter (where value > 0 and value < ${t}) as small
             from v group by all having small = 1
           ),
           complementary as (
             select arg_min(v.rid, v.value) as rid
             from v join groups using (${k})
             where v.value >= ${t}
             group by ${k}
           )
           select rid::bigint as rid from primary_cells union select rid::bigint from complementary where rid is not null`,
        );
        if (cells.length === 0) continue;
        suppressed[`${table.slice(6)}.${c}`] = cells.length;
        const list = cells.map((r) => Number(r.rid));
        list.forEach((r) => rowsHit.add(r));
        await wh.run(`update ${table} set ${q(c)} = null where rowid in (${list.join(', ')})`);
      }
      // Rates, amounts and changes in the rows touched go with the counts they come from.
      const derived = cols.filter((c) => /DOUBLE|DECIMAL|FLOAT/.test(c.type) || /_change$/.test(c.c)).map((c) => c.c);
      if (rowsHit.size && derived.length) {
        await wh.run(`update ${table} set ${derived.map((c) => `${q(c)} = null`).join(', ')} where rowid in (${[...rowsHit].join(', ')})`);
      }
      rowsHit = new Set();
    }
    await wh.run(`create or replace table meta.publication as select 'public' as audience, ${t}::integer as small_cell_threshold, current_timestamp as derived_at`);
    await wh.run('commit');
    let smallest: number | null = null;
    for (const { table } of published) {
      const cols = await wh.all<{ c: string; type: string }>(
        `select column_name as c, data_type as type from information_schema.columns where table_schema = 'marts' and table_name = $1`,
        [table.slice(6)],
      );
      for (const { c } of cols.filter((x) => /INT/.test(x.type) && PROTECTED.test(x.c) && !NOT_PROTECTED.has(x.c))) {
        const { m } = await wh.one<{ m: number | null }>(`select min(${q(c)})::integer as m from ${table} where ${q(c)} > 0`);
        if (m !== null && (smallest === null || m < smallest)) smallest = m;
      }
    }
    return { suppressed, smallestPublished: smallest };
  } finally {
    wh.close();
  }
}

/** The audience a warehouse was derived for: public copies say so in meta.publication. */
export async function warehouseAudience(wh: Warehouse): Promise<'internal' | 'public'> {
  const r = await wh.all<{ a: string }>(`select audience as a from meta.publication limit 1`).catch(() => []);
  return r[0]?.a === 'public' ? 'public' : 'internal';
}
