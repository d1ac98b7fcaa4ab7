/**
 * Privacy gate for the published report site: fails when any personal value held in the
 * warehouse's raw tables appears anywhere under build/.
 *
 *   tsx scripts/check-privacy.ts [--warehouse FILE] [--allow 词]... [site dir, default build]
 *
 * What is looked for (the columns come from the input contracts, pipelines/contracts/, so a new
 * personal column is covered without editing this file):
 *   身份证号   every personal column with the GB 11643 check (raw.household.id_number)
 *   电话       every personal column with the phone pattern (农户、帮扶人、村责任人)
 *   户编号     every household_id column (raw.household, raw.issue, raw.fund_payment)
 *   姓名       every personal *_name / *_person column (户主、帮扶责任人、村和问题责任人、收款人)
 * plus the same columns' values kept in raw.rejects.
 *
 * How files are read: parquet is decoded with DuckDB (read_parquet, every cell and the key/value
 * metadata), .arrow with apache-arrow (every cell and the schema metadata), .gz/.br are
 * decompressed; everything else that is not an image, font or wasm is read as UTF-8 and also
 * with \uXXXX, HTML-entity and %-escapes decoded. File paths are checked too.
 *
 * Matching: ID numbers, phones and 户编号 must appear as whole tokens (not inside a longer run of
 * digits). Names are short and collide with ordinary words, so: (1) a name that also occurs inside
 * a place name (村、乡镇、县) or inside the Chinese text we author (pages, components, mart YAML,
 * SQL, contracts, glossary) is not checked at all — it would match our own words — and the run
 * reports how many names were set aside this way; (2) a remaining name is flagged when a run of
 * CJK text is exactly the name (a table cell, a JSON value, an HTML text node), when a name of 3+
 * characters occurs anywhere inside a run, or when a 2-character name is followed by 户 (the
 * ledgers' "张三户…" style). `--allow` sets aside further words by hand.
 * Reports mask what they found (李*财, 138****8264) so the build log does not leak it either.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { columnsOf, contracts, entityNames } from '../pipelines/contracts/index.ts';

export type SecretKind = 'id_number' | 'phone' | 'household_id' | 'name';

export const KIND_LABEL: Record<SecretKind, string> = {
  id_number: '身份证号',
  phone: '电话',
  household_id: '户编号',
  name: '姓名',
};

export interface Secrets {
  byKind: Record<SecretKind, Set<string>>;
  /** Names not checked because they are also place names or words of our own text. */
  setAside: number;
}

export interface Finding {
  file: string;
  kind: SecretKind | 'undecodable';
  masked: string;
  context: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+/g;
const ID_RE = /^\d{17}[\dXx]$/;
const PHONE_RE = /^1\d{10}$/;
const NAME_RE = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]{2,}$/;
const SKIP_EXT = new Set(['.wasm', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.woff', '.woff2', '.ttf', '.otf']);

/** Which secret a contract column holds, or null when it holds none we can look for. */
export function secretKindOf(column: { name: string; personal: boolean; check?: string; pattern?: { regex: string } }): SecretKind | null {
  if (column.name === 'household_id') return 'household_id';
  if (!column.personal) return null;
  if (column.check === 'gb11643') return 'id_number';
  if (column.pattern?.regex.includes('1\\d{10}')) return 'phone';
  if (/_name$|_person$/.test(column.name)) return 'name';
  return null; // free text (问题描述、佐证材料): the names inside it are the names above
}

/** Personal columns per raw table, from the contracts. */
export function personalColumns(): { table: string; column: string; kind: SecretKind }[] {
  const out: { table: string; column: string; kind: SecretKind }[] = [];
  for (const entity of entityNames) {
    for (const c of columnsOf(contracts[entity])) {
      const kind = secretKindOf(c);
      if (kind) out.push({ table: `raw.${entity}`, column: c.name, kind });
    }
  }
  return out;
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* walk(full);
    } else yield full;
  }
}

/** Chinese words of the text we author: a name equal to or inside one of them is not checked. */
export function authoredVocabulary(root = ROOT): string[] {
  const sources: [string, RegExp][] = [
    ['reports', /\.(md|svelte|js)$/],
    ['components', /\.(svelte|js|ts)$/],
    ['sources', /\.(sql|yaml)$/],
    ['models', /\.(sql|yml|csv)$/],
    ['pipelines/contracts', /\.ts$/],
    ['core', /glossary\.ts$/],
  ];
  const words = new Set<string>();
  for (const [dir, pattern] of sources) {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) continue;
    for (const file of walk(full)) {
      if (!pattern.test(file)) continue;
      for (const m of fs.readFileSync(file, 'utf8').matchAll(CJK_RUN)) words.add(m[0]);
    }
  }
  return [...words];
}

async function rows(con: DuckDBConnection, sql: string): Promise<unknown[][]> {
  const reader = await con.runAndReadAll(sql);
  return reader.getRowsJS() as unknown[][];
}

/** Reads the personal values of the warehouse's raw tables. */
export async function loadSecrets(
  warehousePath: string,
  opts: { allow?: string[]; vocabulary?: string[] } = {},
): Promise<Secrets> {
  const db = await DuckDBInstance.create(warehousePath, { access_mode: 'READ_ONLY' });
  const con = await db.connect();
  const byKind: Record<SecretKind, Set<string>> = {
    id_number: new Set(),
    phone: new Set(),
    household_id: new Set(),
    name: new Set(),
  };
  const places: string[] = [];
  try {
    const tables = new Set(
      (await rows(con, `select table_schema || '.' || table_name from information_schema.tables`)).map((r) => String(r[0])),
    );
    const present = new Set(
      (await rows(con, `select table_schema || '.' || table_name || '.' || column_name from information_schema.columns`)).map((r) => String(r[0])),
    );
    const columns = personalColumns();
    for (const { table, column, kind } of columns) {
      if (!present.has(`${table}.${column}`)) continue;
      for (const [v] of await rows(con, `select distinct trim(${column}::varchar) from ${table} where ${column} is not null`)) {
        add(byKind, kind, String(v));
      }
    }
    if (tables.has('raw.rejects')) {
      const kindOfColumn = new Map(columns.map((c) => [c.column, c.kind]));
      for (const [col, v] of await rows(con, `select distinct column_name, trim(value) from raw.rejects where value is not null`)) {
        const kind = kindOfColumn.get(String(col));
        if (kind) add(byKind, kind, String(v));
      }
    }
    if (present.has('raw.village.village_name')) {
      for (const r of await rows(con, `select distinct village_name, town_name, county_name from raw.village`)) {
        for (const v of r) if (v) places.push(String(v));
      }
    }
    if (tables.has('marts.mart_area')) {
      for (const [v] of await rows(con, `select distinct area_name from marts.mart_area`)) if (v) places.push(String(v));
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
  // Names that are part of a place name or of our own text would match those words, not people.
  const words = [...places, ...(opts.vocabulary ?? authoredVocabulary()), ...(opts.allow ?? [])];
  const inWords = substringsUpTo(words, maxLength(byKind.name));
  let setAside = 0;
  for (const name of [...byKind.name]) {
    if (inWords.has(name)) {
      byKind.name.delete(name);
      setAside++;
    }
  }
  return { byKind, setAside };
}

function add(byKind: Record<SecretKind, Set<string>>, kind: SecretKind, value: string) {
  const v = value.trim();
  if (kind === 'id_number' && ID_RE.test(v)) byKind.id_number.add(v.toUpperCase());
  else if (kind === 'phone' && PHONE_RE.test(v)) byKind.phone.add(v);
  else if (kind === 'household_id' && v.length >= 4) byKind.household_id.add(v);
  else if (kind === 'name' && NAME_RE.test(v)) byKind.name.add(v);
}

function maxLength(set: Set<string>): number {
  let n = 0;
  for (const s of set) n = Math.max(n, s.length);
  return n;
}

function substringsUpTo(words: string[], maxLen: number): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    for (let i = 0; i < w.length; i++) {
      for (let len = 2; len <= maxLen && i + len <= w.length; len++) out.add(w.slice(i, i + len));
    }
  }
  return out;
}

export function mask(kind: SecretKind, v: string): string {
  if (kind === 'name') return v.length <= 2 ? `${v[0]}*` : `${v[0]}${'*'.repeat(v.length - 2)}${v[v.length - 1]}`;
  if (v.length <= 6) return `${v.slice(0, 1)}***`;
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}

/** `text` with every secret in it masked, so a report never repeats what it found. */
export function maskAll(text: string, secrets: Secrets): string {
  let out = text;
  for (const hit of scanText(text, secrets).sort((a, b) => b.value.length - a.value.length)) {
    out = out.split(hit.value).join(mask(hit.kind, hit.value));
  }
  // A secret cut in half by the context window is not matched whole; hide long digit runs anyway.
  return out.replace(/\d{7,}/g, (d) => mask('phone', d));
}

/** \uXXXX, \xXX, HTML entities and %-escapes decoded, so escaped text is matched too. */
export function decodeEscapes(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/(?:%[0-9A-Fa-f]{2})+/g, (s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** Every secret found in one piece of text. */
export function scanText(text: string, secrets: Secrets): { kind: SecretKind; value: string; index: number }[] {
  const found: { kind: SecretKind; value: string; index: number }[] = [];
  const { id_number, phone, household_id, name } = secrets.byKind;
  for (const m of text.matchAll(/(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g)) {
    if (id_number.has(m[0].toUpperCase())) found.push({ kind: 'id_number', value: m[0], index: m.index ?? 0 });
  }
  for (const m of text.matchAll(/(?<![0-9])1[0-9]{2}[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])/g)) {
    const digits = m[0].replace(/[- ]/g, '');
    if (phone.has(digits)) found.push({ kind: 'phone', value: digits, index: m.index ?? 0 });
  }
  if (household_id.size > 0) {
    for (const m of text.matchAll(/[0-9A-Za-z][0-9A-Za-z-]{3,}/g)) {
      if (household_id.has(m[0])) found.push({ kind: 'household_id', value: m[0], index: m.index ?? 0 });
    }
  }
  if (name.size > 0) {
    const longest = maxLength(name);
    for (const m of text.matchAll(CJK_RUN)) {
      const run = m[0];
      const at = m.index ?? 0;
      if (name.has(run)) {
        found.push({ kind: 'name', value: run, index: at });
        continue;
      }
      for (let i = 0; i < run.length - 1; i++) {
        const two = run.slice(i, i + 2);
        if (run[i + 2] === '户' && name.has(two)) found.push({ kind: 'name', value: two, index: at + i });
        for (let len = 3; len <= longest && i + len <= run.length; len++) {
          const sub = run.slice(i, i + len);
          if (name.has(sub)) found.push({ kind: 'name', value: sub, index: at + i });
        }
      }
    }
  }
  return found;
}

let duck: { db: DuckDBInstance; con: DuckDBConnection } | undefined;
async function duckdb(): Promise<DuckDBConnection> {
  if (!duck) {
    const db = await DuckDBInstance.create(':memory:');
    duck = { db, con: await db.connect() };
  }
  return duck.con;
}

export function closeDecoders(): void {
  duck?.con.closeSync();
  duck?.db.closeSync();
  duck = undefined;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x)) : String(v);

/** Text pieces of one file: decoded cells for parquet/arrow, the text (and its unescaped form) otherwise. */
export async function extractTexts(file: string, bytes?: Buffer): Promise<string[] | null> {
  let name = file.toLowerCase();
  let data = bytes ?? fs.readFileSync(file);
  if (name.endsWith('.gz')) {
    data = zlib.gunzipSync(data);
    name = name.slice(0, -3);
  } else if (name.endsWith('.br')) {
    data = zlib.brotliDecompressSync(data);
    name = name.slice(0, -3);
  }
  const ext = path.extname(name);
  if (SKIP_EXT.has(ext)) return null;
  if (ext === '.parquet') {
    if (data.length === 0) return [];
    const con = await duckdb();
    let target = file;
    let tmp: string | undefined;
    if (bytes || file.toLowerCase().endsWith('.gz') || file.toLowerCase().endsWith('.br')) {
      tmp = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'privacy-')), 'file.parquet');
      fs.writeFileSync(tmp, data);
      target = tmp;
    }
    try {
      const texts: string[] = [];
      const header = await con.runAndReadAll(`select * from read_parquet(${sqlString(target)}) limit 0`);
      texts.push(header.columnNames().join('\n'));
      const reader = await con.runAndReadAll(`select columns(*)::varchar from read_parquet(${sqlString(target)})`);
      for (const row of reader.getRowsJS()) texts.push(row.map(cellText).join('\n'));
      const kv = await con.runAndReadAll(`select decode(key)::varchar, decode(value)::varchar from parquet_kv_metadata(${sqlString(target)})`);
      for (const row of kv.getRowsJS()) texts.push(row.map(cellText).join('\n'));
      return texts;
    } finally {
      if (tmp) fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    }
  }
  if (ext === '.arrow' || ext === '.feather' || ext === '.arrows') {
    if (data.length === 0) return [];
    const table = tableFromIPC(data);
    const texts: string[] = [table.schema.fields.map((f) => f.name).join('\n')];
    for (const [k, v] of table.schema.metadata) texts.push(`${k}\n${v}`);
    for (const field of table.schema.fields) for (const [k, v] of field.metadata) texts.push(`${k}\n${v}`);
    for (const row of table) {
      texts.push(
        table.schema.fields.map((f) => cellText((row as unknown as Record<string, unknown>)?.[f.name])).join('\n'),
      );
    }
    return texts;
  }
  const text = data.toString('utf8');
  const decoded = decodeEscapes(text);
  return decoded === text ? [text] : [text, decoded];
}

/** Scans every file under `dir` (and the file paths themselves). */
export async function checkSite(
  dir: string,
  secrets: Secrets,
  onFile?: (file: string, kind: 'scanned' | 'skipped') => void,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const root = path.resolve(dir);
  for (const file of walk(root)) {
    const rel = path.relative(root, file);
    const pieces: string[] = [rel, decodeEscapes(rel)];
    let texts: string[] | null;
    try {
      texts = await extractTexts(file);
    } catch (e) {
      findings.push({ file: rel, kind: 'undecodable', masked: '', context: `无法解码，不能确认不含个人信息 / cannot decode: ${(e as Error).message}` });
      continue;
    }
    onFile?.(rel, texts ? 'scanned' : 'skipped');
    if (texts) pieces.push(...texts);
    const seen = new Set<string>();
    for (const text of pieces) {
      for (const hit of scanText(text, secrets)) {
        const key = `${hit.kind}:${hit.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const around = text.slice(Math.max(0, hit.index - 30), hit.index + hit.value.length + 30);
        findings.push({ file: rel, kind: hit.kind, masked: mask(hit.kind, hit.value), context: maskAll(around, secrets).replace(/\s+/g, ' ') });
      }
    }
  }
  return findings;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const allow: string[] = (process.env.PRIVACY_ALLOW ?? '').split(/[,，\s]+/).filter(Boolean);
  let warehouse = process.env.CAMPAIGN_WAREHOUSE ?? path.join(ROOT, 'warehouse', 'campaign.duckdb');
  let dir = path.join(ROOT, 'build');
  while (args.length) {
    const a = args.shift() as string;
    if (a === '--warehouse') warehouse = args.shift() ?? warehouse;
    else if (a === '--allow') allow.push(args.shift() ?? '');
    else if (a === '-h' || a === '--help') {
      console.log('tsx scripts/check-privacy.ts [--warehouse FILE] [--allow 词]... [site dir]');
      return 0;
    } else dir = a;
  }
  if (!fs.existsSync(warehouse)) {
    console.error(`[privacy] 数据仓库不存在 / warehouse not found: ${warehouse}`);
    return 2;
  }
  if (!fs.existsSync(dir)) {
    console.error(`[privacy] 网站目录不存在 / site dir not found: ${dir}`);
    return 2;
  }
  const started = performance.now();
  const secrets = await loadSecrets(warehouse, { allow });
  const counts = { scanned: 0, skipped: 0 };
  const findings = await checkSite(dir, secrets, (_, k) => counts[k]++);
  closeDecoders();
  const b = secrets.byKind;
  const summary =
    `身份证号${b.id_number.size}个、电话${b.phone.size}个、户编号${b.household_id.size}个、姓名${b.name.size}个` +
    `（另有${secrets.setAside}个姓名与地名或报告用词相同，未检查）`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (findings.length === 0) {
    console.log(`[privacy] 通过：在 ${dir} 的 ${counts.scanned} 个文件中（另跳过图片、字体、wasm ${counts.skipped} 个）未发现 ${summary}，用时${seconds}秒`);
    return 0;
  }
  console.error(`[privacy] 失败：网站中发现个人信息 ${findings.length} 处 / personal data found in the site (${findings.length}):`);
  for (const f of findings.slice(0, 50)) {
    console.error(`  ${f.file}  ${f.kind === 'undecodable' ? '无法解码' : KIND_LABEL[f.kind]} ${f.masked}  …${f.context}…`);
  }
  if (findings.length > 50) console.error(`  …另有 ${findings.length - 50} 处`);
  console.error('[privacy] 检查数据源（sources/）与页面查询，只发布汇总数据；确属误报的词可用 --allow 或 PRIVACY_ALLOW 排除。');
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
