import fs from 'node:fs';
import path from 'node:path';
import { quoteLiteral as lit } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { kAnonymousHouseholdsSql } from '../../privacy/k-anonymity.ts';

export interface ParquetResult {
  table: string;
  rows: number;
  files: number;
  partitions: string[];
  /** Rows of the mart not exported (k-anonymity: their class stayed below k at every level). */
  dropped?: number;
}

export interface ParquetOptions {
  onTable?: (name: string, i: number, n: number) => void;
  /** Export the pseudonymous household table as it is (analysts inside the office only). */
  internal?: boolean;
  /** k for the default, k-anonymous household table (default: parameter privacy_k_anonymity, else 5). */
  k?: number;
  /** Runs on the written folder before it is moved into place; throws to keep it out (the privacy gate). */
  check?: (staging: string) => Promise<void>;
}

/** The household table that is not exported as it is by default. */
export const HOUSEHOLD_TABLE = 'mart_household_analyst';

function countyExpression(columns: string[]): string | undefined {
  if (columns.includes('county_code')) return `coalesce(county_code, 'all')`;
  if (columns.includes('area_code')) return `case when length(area_code) >= 6 then left(area_code, 6) else 'all' end`;
  if (columns.includes('village_code')) return `coalesce(left(village_code, 6), 'all')`;
  return undefined;
}

/**
 * Exports the marts into `out`, written beside it first, checked, and swapped in whole. The
 * household table is k-anonymous unless `internal` (privacy/k-anonymity.ts).
 */
export async function exportParquet(wh: Warehouse, out: string, opts: ParquetOptions = {}): Promise<ParquetResult[]> {
  const { onTable } = opts;
  const k = opts.k ?? Number((await wh.all<{ v: number }>(`select value as v from meta.parameters where name = 'privacy_k_anonymity'`).catch(() => []))[0]?.v ?? 5);
  const tables = await wh.all<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'marts' order by 1`);
  const staging = `${out}.writing`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const results: ParquetResult[] = [];
  for (const [i, { t }] of tables.entries()) {
    onTable?.(t, i + 1, tables.length);
    const columns = (await wh.all<{ c: string }>(`select column_name as c from information_schema.columns where table_schema = 'marts' and table_name = $1`, [t])).map((r) => r.c);
    const partitions: string[] = [];
    const extra: string[] = [];
    if (columns.includes('snapshot_month')) {
      partitions.push('month');
      extra.push(`strftime(snapshot_month, '%Y-%m') as month`);
    }
    const county = countyExpression(columns);
    if (county) {
      partitions.push('county');
      extra.push(`${county} as county`);
    }
    const dir = path.join(staging, t);
    const source = t === HOUSEHOLD_TABLE && !opts.internal ? `(${kAnonymousHouseholdsSql(k)})` : `marts.${t}`;
    const select = `select *${extra.length ? `, ${extra.join(', ')}` : ''} from ${source}`;
    const by = partitions.length ? `, partition_by (${partitions.join(', ')})` : '';
    const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${source}`);
    const { all } = await wh.one<{ all: number }>(`select count(*)::integer as all from marts.${t}`);
    // An empty mart still gets a file, so its schema travels and readers find the table.
    const partitioned = partitions.length > 0 && n > 0;
    const target = partitioned ? dir : path.join(dir, 'data.parquet');
    if (!partitioned) fs.mkdirSync(dir, { recursive: true });
    await wh.run(`copy (${select}) to ${lit(target)} (format parquet, compression zstd${partitioned ? by : ''})`);
    results.push({ table: t, rows: n, files: fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.parquet')).length, partitions, ...(all !== n ? { dropped: all - n } : {}) });
  }
  try {
    await opts.check?.(staging);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  return results;
}
