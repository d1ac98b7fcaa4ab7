import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Warehouse } from '../../core/warehouse.ts';

/** Every test gets its own in-memory warehouse through this one helper. */
export function memoryWarehouse(): Promise<Warehouse> {
  return Warehouse.open(':memory:', { threads: 2 });
}

const made: string[] = [];
process.on('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A temporary folder removed when the test process exits. */
export function tempDir(prefix = 'test'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `campaign-${prefix}-`));
  made.push(dir);
  return dir;
}

export const SAMPLE = path.resolve(import.meta.dirname, '..', '..', 'data', 'sample');

/** A digest of every data table, to prove a failed load changed nothing. */
export async function snapshotTables(wh: Warehouse): Promise<Record<string, string>> {
  const tables = await wh.all<{ t: string }>(
    `select table_schema || '.' || table_name as t from information_schema.tables where table_schema = 'raw' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const r = await wh.one<{ n: number; h: string }>(`select count(*)::integer as n, coalesce(sum(hash(x))::varchar, '0') as h from ${t} x`);
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}
