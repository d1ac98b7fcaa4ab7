import crypto from 'node:crypto';
import path from 'node:path';
import { ROOT } from '../../core/config.ts';
import { formatInt, formatSeconds } from '../../core/format.ts';
import { ensureNationalRegister } from '../../core/national-register.ts';
import { silentProgress, type Progress } from '../../core/progress.ts';
import { quoteIdent as q, quoteLiteral as lit } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { refreshNameTables } from '../../privacy/names.ts';
import { discoverModels, LAYERS, selectModels, type Model } from './discover.ts';

export const MODELS_ROOT = path.join(ROOT, 'models');

export interface ModelResult {
  name: string;
  layer: string;
  materialized: string;
  rows: number | null;
  ms: number;
}

export interface RunOptions {
  select?: string | undefined;
  progress?: Progress;
  root?: string;
}

/**
 * Builds the models in dependency order inside one transaction: readers keep seeing the previous
 * marts until the whole run commits, and a failure anywhere rolls all of it back.
 */
export async function runModels(wh: Warehouse, options: RunOptions = {}): Promise<ModelResult[]> {
  const progress = options.progress ?? silentProgress;
  const root = options.root ?? MODELS_ROOT;
  const all = discoverModels(root);
  const models = options.select ? selectModels(all, options.select) : all;
  await ensureSchemas(wh);
  const results: ModelResult[] = [];
  await wh.transaction(async () => {
    await loadParameters(wh, root);
    // The names and places free text is masked against (stg_free_text): the privacy gate's own sets.
    await refreshNameTables(wh);
    for (const [i, m] of models.entries()) {
      const started = performance.now();
      progress.start(`[${i + 1}/${models.length}] ${m.layer}.${m.name}`);
      try {
        await build(wh, m);
      } catch (error) {
        progress.finish('失败');
        throw new Error(`模型 ${m.layer}.${m.name} 运行失败（${path.relative(ROOT, m.file)}）：${(error as Error).message}`);
      }
      const rows = m.materialized === 'table' ? (await wh.one<{ n: number }>(`select count(*)::integer as n from ${m.layer}.${m.name}`)).n : null;
      const ms = performance.now() - started;
      results.push({ name: m.name, layer: m.layer, materialized: m.materialized, rows, ms });
      progress.finish(`${formatSeconds(ms)}${rows === null ? '' : `，${formatInt(rows)}行`}`);
    }
  });
  return results;
}

async function build(wh: Warehouse, m: Model): Promise<void> {
  const body = m.sql.trim().replace(/;\s*$/, '');
  // A model that changed materialisation must first lose the object of the other kind.
  const existing = await wh.all<{ t: string }>(
    `select table_type as t from information_schema.tables where table_schema = $1 and table_name = $2`,
    [m.layer, m.name],
  );
  const kind = existing[0]?.t === 'VIEW' ? 'view' : existing[0] ? 'table' : undefined;
  if (kind && kind !== m.materialized) await wh.run(`drop ${kind} ${m.layer}.${m.name}`);
  await wh.run(`create or replace ${m.materialized} ${m.layer}.${m.name} as\n${await portable(wh, body)}`);
}

/**
 * DuckDB sums integers into HUGEINT (128-bit), which Parquet readers such as Spark and Trino do
 * not share; counts never need it, so such columns are stored as BIGINT.
 */
async function portable(wh: Warehouse, body: string): Promise<string> {
  const cols = await wh.all<{ column_name: string; column_type: string }>(`describe (${body})`);
  if (!cols.some((c) => c.column_type === 'HUGEINT')) return body;
  const list = cols.map((c) => (c.column_type === 'HUGEINT' ? `${q(c.column_name)}::bigint as ${q(c.column_name)}` : q(c.column_name)));
  return `select ${list.join(', ')} from (\n${body}\n)`;
}

async function ensureSchemas(wh: Warehouse): Promise<void> {
  for (const s of [...LAYERS, 'meta', 'raw']) await wh.run(`create schema if not exists ${s}`);
  await wh.run(`create table if not exists meta.settings (key varchar primary key, value varchar not null)`);
  // The salt that turns 户编号 into pseudonymous keys; made once per warehouse, never published.
  const salt = crypto.randomBytes(16).toString('hex');
  await wh.run(`insert into meta.settings values ('pseudonym_salt', ${lit(salt)}) on conflict do nothing`);
  // One rule for the pseudonymous key, read by every staging view that carries 户编号.
  await wh.run(`create or replace macro meta.household_key(id) as
    left(sha256((select value from meta.settings where key = 'pseudonym_salt') || id), 16)`);
  // Reference data the models read like a seed: the national register names the town, county and
  // city of villages whose village file has not arrived (stg_national_village).
  await ensureNationalRegister(wh);
}

/** models/seeds/parameters.csv → meta.parameters, replaced whole on every run. */
async function loadParameters(wh: Warehouse, root: string): Promise<void> {
  const file = path.join(root, 'seeds', 'parameters.csv');
  await wh.run(`create or replace table meta.parameters as
    select * from read_csv(${lit(file)}, header = true, auto_detect = false, columns = {
      'name': 'VARCHAR', 'scope': 'VARCHAR', 'year': 'INTEGER', 'value': 'DOUBLE', 'unit': 'VARCHAR',
      'label': 'VARCHAR', 'source': 'VARCHAR', 'version': 'INTEGER'})`);
}

export function modelList(root = MODELS_ROOT): Model[] {
  return discoverModels(root);
}
