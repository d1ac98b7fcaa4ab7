import fs from 'node:fs';
import path from 'node:path';
import { quoteIdent as q } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { discoverModels } from './discover.ts';
import { MODELS_ROOT } from './run.ts';
import { readSpec, type ColumnTest, type ModelSpec } from './spec.ts';

export interface DataTest {
  name: string;
  description: string;
  sql: string;
  /** The model tables the test reads (schema.name). */
  tables: string[];
}

export interface DataTestResult extends DataTest {
  /** Offending rows. */
  failures: number;
  sample: Record<string, unknown>[];
  /** Tables the test reads that the warehouse does not have (the test could not run). */
  missing: string[];
}

const LAYER_TABLE = /\b(staging|intermediate|marts)\.([a-z_][a-z0-9_]*)/g;

/** The model tables a singular test's SQL names. */
function tablesIn(sql: string): string[] {
  return [...new Set([...sql.matchAll(LAYER_TABLE)].map((m) => `${m[1]}.${m[2]}`))];
}

export function failedTests(results: DataTestResult[]): DataTestResult[] {
  return results.filter((t) => t.failures > 0 || t.missing.length > 0);
}

/** One line, in Chinese, for a failed test. */
export function describeFailure(t: DataTestResult): string {
  if (t.missing.length > 0) return `✗ ${t.name}（${t.description}）：无法运行，仓库中没有 ${t.missing.join('、')}（请先运行 npm run models）`;
  return `✗ ${t.name}（${t.description}）：${t.failures}行不符合，例如 ${JSON.stringify(t.sample[0], (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
}

function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);
}

function columnTest(table: string, column: string, test: ColumnTest): DataTest {
  const c = q(column);
  if (test === 'unique') {
    return { name: `unique:${table}.${column}`, description: `${column} 唯一`, tables: [table], sql: `select ${c}, count(*) as n from ${table} group by ${c} having count(*) > 1` };
  }
  if (test === 'not_null') {
    return { name: `not_null:${table}.${column}`, description: `${column} 非空`, tables: [table], sql: `select * from ${table} where ${c} is null` };
  }
  if ('accepted_values' in test) {
    const values = test.accepted_values.map(literal).join(', ');
    return { name: `accepted_values:${table}.${column}`, description: `${column} 取值在 ${values} 中`, tables: [table], sql: `select * from ${table} where ${c} is not null and ${c} not in (${values})` };
  }
  if ('relationships' in test) {
    const { to, field } = test.relationships;
    return {
      name: `relationships:${table}.${column}->${to}.${field}`,
      description: `${column} 都能在 ${to}.${field} 中找到`,
      tables: [table, to],
      sql: `select * from ${table} x where x.${c} is not null and not exists (select 1 from ${to} t where t.${q(field)} = x.${c})`,
    };
  }
  const { min, max } = test.range;
  const conds = [min !== undefined ? `${c} < ${min}` : null, max !== undefined ? `${c} > ${max}` : null].filter(Boolean).join(' or ');
  return { name: `range:${table}.${column}`, description: `${column} 在 [${min ?? '-∞'}, ${max ?? '∞'}] 内`, tables: [table], sql: `select * from ${table} where ${conds}` };
}

export function specFiles(root = MODELS_ROOT): { table: string; spec: ModelSpec }[] {
  return discoverModels(root)
    .map((m) => ({ m, file: m.file.replace(/\.sql$/, '.yml') }))
    .filter(({ file }) => fs.existsSync(file))
    .map(({ m, file }) => ({ table: `${m.layer}.${m.name}`, spec: readSpec(file) }));
}

/** Generic tests from every model YAML, plus the singular tests in models/tests (offending rows). */
export function collectDataTests(root = MODELS_ROOT): DataTest[] {
  const tests: DataTest[] = [];
  for (const { table, spec } of specFiles(root)) {
    if (spec.unique_key && spec.unique_key.length > 0) {
      const cols = spec.unique_key.map(q).join(', ');
      tests.push({ name: `unique_key:${table}`, description: `粒度：${spec.grain}`, tables: [table], sql: `select ${cols}, count(*) as n from ${table} group by ${cols} having count(*) > 1` });
    }
    for (const col of spec.columns) for (const t of col.tests) tests.push(columnTest(table, col.name, t));
  }
  const dir = path.join(root, 'tests');
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      const sql = fs.readFileSync(path.join(dir, f), 'utf8');
      const description = /^--\s*(.+)$/m.exec(sql)?.[1] ?? f;
      tests.push({ name: `assert:${path.basename(f, '.sql')}`, description, tables: tablesIn(sql), sql: sql.trim().replace(/;\s*$/, '') });
    }
  }
  return tests;
}

export async function runDataTests(wh: Warehouse, tests = collectDataTests()): Promise<DataTestResult[]> {
  const present = new Set(
    (await wh.all<{ t: string }>(`select table_schema || '.' || table_name as t from information_schema.tables`)).map((r) => r.t),
  );
  const results: DataTestResult[] = [];
  for (const t of tests) {
    const missing = t.tables.filter((x) => !present.has(x));
    if (missing.length > 0) {
      results.push({ ...t, failures: 0, sample: [], missing });
      continue;
    }
    const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from (${t.sql})`);
    const sample = n > 0 ? await wh.all(`select * from (${t.sql}) limit 5`) : [];
    results.push({ ...t, failures: n, sample, missing: [] });
  }
  return results;
}

/** Every column of a documented model is described, and every described column exists. */
export async function undocumentedColumns(wh: Warehouse, root = MODELS_ROOT): Promise<string[]> {
  const problems: string[] = [];
  for (const { table, spec } of specFiles(root)) {
    const [schema, name] = table.split('.') as [string, string];
    const actual = (await wh.all<{ c: string }>(`select column_name as c from information_schema.columns where table_schema = $1 and table_name = $2`, [schema, name])).map((r) => r.c);
    const documented = spec.columns.map((c) => c.name);
    for (const c of actual) if (!documented.includes(c)) problems.push(`${table}.${c} 未在 YAML 中说明`);
    for (const c of documented) if (!actual.includes(c)) problems.push(`${table}.${c} 在 YAML 中说明但表中没有`);
  }
  return problems;
}
