/**
 * The fast path against the slow path: the same files loaded twice into one warehouse, once as
 * the loader does (cells already in an accepted form are cast at once) and once with every cell
 * normalised and judged in full (`slowOnly`). raw, the rejects and the warnings must be the same
 * row for row: EXCEPT ALL both ways, lineage included.
 */
import { entityNames } from '../contracts/index.ts';
import { formatInt } from '../../core/format.ts';
import { silentProgress, type Progress } from '../../core/progress.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { loadPaths } from '../load.ts';

export interface TableDifference {
  table: string;
  rows: number;
  /** Rows only the fast path wrote, and rows only the slow path wrote. */
  onlyFast: number;
  onlySlow: number;
}

export interface Equivalence {
  tables: TableDifference[];
  fastSeconds: number;
  slowSeconds: number;
}

const TABLES = [...entityNames.map((e) => `raw.${e}`), 'raw.rejects', 'raw.warnings'];

/** Loads `inputs` the fast way, keeps a copy of what it wrote, loads them the slow way, compares. */
export async function compareLoadPaths(wh: Warehouse, inputs: readonly string[], progress: Progress = silentProgress): Promise<Equivalence> {
  const fastSeconds = await timed(() => loadPaths(wh, inputs, { progress, replaceMonth: true }));
  await wh.run('create schema if not exists fast');
  for (const t of TABLES) await wh.run(`create or replace table fast.${t.slice(4)} as select * from ${t}`);
  await wh.run('drop schema raw cascade');
  await wh.run('drop schema meta cascade');
  const slowSeconds = await timed(() => loadPaths(wh, inputs, { progress, replaceMonth: true, slowOnly: true }));
  const tables: TableDifference[] = [];
  for (const t of TABLES) {
    const copy = `fast.${t.slice(4)}`;
    const n = async (sql: string) => (await wh.one<{ n: number }>(`select count(*)::integer as n from (${sql})`)).n;
    tables.push({
      table: t,
      rows: await n(`select * from ${t}`),
      onlyFast: await n(`select * from ${copy} except all select * from ${t}`),
      onlySlow: await n(`select * from ${t} except all select * from ${copy}`),
    });
  }
  await wh.run('drop schema fast cascade');
  return { tables, fastSeconds, slowSeconds };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** The comparison as Chinese lines. */
export function describeEquivalence(e: Equivalence): string[] {
  return [
    ...e.tables.map((t) => `  ${t.table}：${formatInt(t.rows)}行，只在快路径中 ${formatInt(t.onlyFast)} 行，只在慢路径中 ${formatInt(t.onlySlow)} 行`),
    `  加载用时：快路径 ${e.fastSeconds.toFixed(1)} 秒，全部走慢路径 ${e.slowSeconds.toFixed(1)} 秒`,
  ];
}
