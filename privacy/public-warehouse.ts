/**
 * The public audience's warehouse: a copy of the warehouse whose published marts have small
 * counts suppressed, for the public site and the 总结报告 meant for publication.
 * - Counts of households and people (columns named …households / …people) below the threshold
 *   (default 3, parameter public_small_cell_threshold), zero excepted, become null: the site shows
 *   them as “<3” (components/suppression.js).
 * - Complementary suppression: where a group of siblings (same month, same parent area, same other
 *   key columns) has exactly one suppressed cell in a column, the smallest other sibling of at least
 *   the threshold is hidden too, so the parent's total cannot give the small one back. It is not a
 *   small count, so it must not read “<3”: it becomes NaN (the column turns DOUBLE), which the site
 *   shows as “*”. NaN also makes any page sum that includes it unknown instead of quietly short.
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
  /** mart.column → of those, the complementary cells (not small, hidden as NaN). */
  complementary: Record<string, number>;
  threshold: number;
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
    const complementary: Record<string, number> = {};
    const protectedByTable = new Map<string, string[]>();
    /** Per mart, the rows whose rates, amounts and changes went with a hidden count. */
    const hitRows = new Map<string, Set<number>>();
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
      protectedByTable.set(table, protectedCols);
      const area = AREA_COLUMNS.find((a) => names.includes(a));
      const parent = area === 'area_code' ? `(select parent_code from marts.mart_area as a where a.area_code = x.area_code)` : area === 'village_code' ? 'left(x.village_code, 9)' : `''`;
      const keys = (spec.unique_key ?? []).filter((k) => k !== area && names.includes(k));
      const keyCols = keys.map((k, i) => `x.${q(k)} as k${i}`).concat([`${parent} as parent`]).join(', ');
      // Which cells to suppress is decided on the original values, for every column, before any
      // is changed. A column that gets a complementary (NaN) cell becomes DOUBLE first, and the
      // decision is taken again on the altered table, so row ids always name the rows they decided on.
      const decide = async () => {
        await wh.run(`create or replace temp table sup as select x.rowid as rid, ${keyCols} from ${table} as x`);
        const k = keys.map((_, i) => `k${i}`).concat(['parent']).join(', ');
        const out = new Map<string, { small: number[]; hidden: number[] }>();
        for (const c of protectedCols) {
          const cells = await wh.all<{ rid: number; complementary: boolean }>(
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
             select rid::bigint as rid, false as complementary from primary_cells
             union select rid::bigint, true from complementary where rid is not null`,
          );
          if (cells.length) out.set(c, { small: cells.filter((r) => !r.complementary).map((r) => Number(r.rid)), hidden: cells.filter((r) => r.complementary).map((r) => Number(r.rid)) });
        }
        return out;
      };
      let decided = await decide();
      const widen = [...decided].filter(([, d]) => d.hidden.length).map(([c]) => c);
      for (const c of widen) await wh.run(`alter table ${table} alter column ${q(c)} set data type double`);
      if (widen.length) decided = await decide();
      const rowsHit = new Set<number>();
      hitRows.set(table, rowsHit);
      for (const [c, { small, hidden }] of decided) {
        suppressed[`${table.slice(6)}.${c}`] = small.length + hidden.length;
        for (const r of [...small, ...hidden]) rowsHit.add(r);
        if (small.length) await wh.run(`update ${table} set ${q(c)} = null where rowid in (${small.join(', ')})`);
        if (hidden.length) {
          complementary[`${table.slice(6)}.${c}`] = hidden.length;
          await wh.run(`update ${table} set ${q(c)} = 'NaN'::double where rowid in (${hidden.join(', ')})`);
        }
      }
      // Rates, amounts and changes in the rows touched go with the counts they come from.
      const derived = cols.filter((c) => (/DOUBLE|DECIMAL|FLOAT/.test(c.type) || /_change$/.test(c.c)) && !protectedCols.includes(c.c)).map((c) => c.c);
      if (rowsHit.size && derived.length) {
        await wh.run(`update ${table} set ${derived.map((c) => `${q(c)} = null`).join(', ')} where rowid in (${[...rowsHit].join(', ')})`);
      }
    }
    // The deck's titles and sentences are written from mart_kpi's counts (mart_deck_slides): where a
    // count of that area and month was hidden, its sentences would still say it, so they go too.
    const kpiCounts = protectedByTable.get('marts.mart_kpi') ?? [];
    if (kpiCounts.length && published.some((p) => p.table === 'marts.mart_deck_slides')) {
      await wh.run(
        `update marts.mart_deck_slides as d
         set title = '（公开版不列出小于${t}的户数、人数）', message = ''
         from marts.mart_kpi as k
         where k.snapshot_month = d.snapshot_month and k.area_code = d.area_code
           and d.slide_key in ('poverty', 'key_households', 'monitoring')
           and (${kpiCounts.map((c) => `${q(c)} is null or isnan(${q(c)}::double)`).join(' or ')})`,
      );
      // The issue, fund and supervision slides state the row's rates and amounts (销号率, 支出率 and
      // 万元, 督导覆盖率): where those went with a hidden count, the sentences go too.
      const kpiHit = [...(hitRows.get('marts.mart_kpi') ?? [])];
      if (kpiHit.length) {
        await wh.run(
          `update marts.mart_deck_slides as d
           set title = '（公开版不列出：本月有小于${t}的户数、人数，同一行的比率、金额一并隐去）', message = ''
           from marts.mart_kpi as k
           where k.rowid in (${kpiHit.join(', ')}) and k.snapshot_month = d.snapshot_month and k.area_code = d.area_code
             and d.slide_key in ('issues', 'funds', 'supervision')`,
        );
      }
    }
    await wh.run(`create or replace table meta.publication as select 'public' as audience, ${t}::integer as small_cell_threshold, current_timestamp as derived_at`);
    await wh.run(`create or replace table meta.suppressed_cells (mart varchar, column_name varchar, small_cells integer, complementary_cells integer)`);
    for (const [key, n] of Object.entries(suppressed)) {
      const [mart, column] = key.split('.');
      await wh.run(`insert into meta.suppressed_cells values ($1, $2, $3, $4)`, [mart!, column!, n - (complementary[key] ?? 0), complementary[key] ?? 0]);
    }
    await wh.run('commit');
    let smallest: number | null = null;
    for (const [table, cols] of protectedByTable) {
      for (const c of cols) {
        const { m } = await wh.one<{ m: number | null }>(`select min(${q(c)})::integer as m from ${table} where ${q(c)} > 0 and not isnan(${q(c)}::double)`);
        if (m !== null && (smallest === null || m < smallest)) smallest = m;
      }
    }
    return { suppressed, complementary, threshold: t, smallestPublished: smallest };
  } finally {
    wh.close();
  }
}

/** The audience a warehouse was derived for: public copies say so in meta.publication. */
export async function warehouseAudience(wh: Warehouse): Promise<'internal' | 'public'> {
  const r = await wh.all<{ a: string }>(`select audience as a from meta.publication limit 1`).catch(() => []);
  return r[0]?.a === 'public' ? 'public' : 'internal';
}
