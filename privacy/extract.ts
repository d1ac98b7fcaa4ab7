/**
 * The text of every kind of file we publish, decoded so the gate reads what a reader could:
 * parquet through DuckDB (every cell and the key/value metadata), Arrow IPC through apache-arrow
 * (every cell and the schema metadata), .gz/.br decompressed, xlsx/pptx unzipped (every XML part,
 * charts' embedded workbooks too, with the markup removed so split runs join), PDF through
 * poppler's pdftotext and pdfinfo; everything else that is not an image, font or wasm as UTF-8,
 * also with \uXXXX, HTML-entity and %-escapes decoded.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import JSZip from 'jszip';

const SKIP_EXT = new Set(['.wasm', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.woff', '.woff2', '.ttf', '.otf']);
const ZIP_EXT = new Set(['.xlsx', '.pptx', '.docx', '.zip']);

/** Images, fonts and wasm (also precompressed, x.wasm.br): no text we write, so not decoded at all. */
export function carriesNoText(file: string): boolean {
  return SKIP_EXT.has(path.extname(file.toLowerCase().replace(/\.(gz|br)$/, '')));
}

let duck: { db: DuckDBInstance; con: DuckDBConnection } | undefined;
/** The in-memory DuckDB that reads parquet for the gate (closed by closeDecoders). */
export async function duckdb(): Promise<DuckDBConnection> {
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

/** \uXXXX, \xXX, HTML entities and %-escapes decoded, so escaped text is matched too. */
export function decodeEscapes(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!)
    .replace(/(?:%[0-9A-Fa-f]{2})+/g, (s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** A file's bytes in a temporary file, for tools that read paths; removed after `fn`. */
async function viaTempFile<T>(name: string, data: Buffer, fn: (file: string) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  try {
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A parquet file's text: its column names, every row as its cells joined by line breaks (so a
 * number split over neighbouring cells still reads as one), and its metadata. The rows are joined
 * and made distinct inside DuckDB: a page-shaped mart repeats whole rows, and building a JS value
 * per cell was most of the gate's time on a county site.
 */
async function parquetTexts(file: string): Promise<string[]> {
  const con = await duckdb();
  const texts: string[] = [];
  const header = await con.runAndReadAll(`select * from read_parquet(${sqlString(file)}) limit 0`);
  const columns = header.columnNames();
  texts.push(columns.join('\n'));
  if (columns.length) {
    const cells = columns.map((c) => `coalesce("${c.replaceAll('"', '""')}"::varchar, '')`).join(', ');
    const reader = await con.runAndReadAll(`select distinct concat_ws(chr(10), ${cells}) from read_parquet(${sqlString(file)})`);
    for (const [row] of reader.getRowsJS()) texts.push(String(row));
  }
  const kv = await con.runAndReadAll(`select decode(key)::varchar, decode(value)::varchar from parquet_kv_metadata(${sqlString(file)})`);
  for (const row of kv.getRowsJS()) texts.push(row.map(cellText).join('\n'));
  return texts;
}

/** An Arrow IPC file's text, read a column at a time (row objects are slow), each row joined as for parquet. */
function arrowTexts(data: Buffer): string[] {
  const table = tableFromIPC(data);
  const texts: string[] = [table.schema.fields.map((f) => f.name).join('\n')];
  for (const [k, v] of table.schema.metadata) texts.push(`${k}\n${v}`);
  for (const field of table.schema.fields) for (const [k, v] of field.metadata) texts.push(`${k}\n${v}`);
  const columns = table.schema.fields.map((_, i) => {
    const vector = table.getChildAt(i);
    return vector ? Array.from({ length: table.numRows }, (_, r) => cellText(vector.get(r))) : [];
  });
  const rows = new Set<string>();
  for (let r = 0; r < table.numRows; r++) rows.add(columns.map((c) => c[r] ?? '').join('\n'));
  texts.push(...rows);
  return texts;
}

/**
 * Office XML as text: the runs of one paragraph or cell join (rich text splits 薛 and 蟠 into two
 * runs), every other tag separates, so neighbouring cells never run together into a false word.
 */
export function xmlText(xml: string): string {
  return decodeEscapes(
    xml
      .replace(/<(\w+:)?rPr\b[^>]*\/>/g, '')
      .replace(/<(\w+:)?rPr\b[^>]*>[\s\S]*?<\/(\w+:)?rPr>/g, '')
      .replace(/<\/?(\w+:)?[rt]\b[^>]*>/g, '')
      .replace(/<[^>]*>/g, '\n'),
  );
}

async function zipTexts(data: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(data);
  const texts: string[] = [];
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    texts.push(entry.name);
    const bytes = await entry.async('nodebuffer');
    const nested = await extractTexts(entry.name, bytes);
    if (nested) texts.push(...nested);
  }
  return texts;
}

function pdfTexts(file: string): string[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
  return [text, info];
}

/** Text pieces of one file (null for images, fonts and wasm, which carry no text we write). */
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
  const fromDisk = !bytes && name === file.toLowerCase();
  if (SKIP_EXT.has(ext)) return null;
  if (data.length === 0) return [];
  if (ext === '.parquet') return fromDisk ? parquetTexts(file) : viaTempFile('file.parquet', data, parquetTexts);
  if (ext === '.arrow' || ext === '.feather' || ext === '.arrows') return arrowTexts(data);
  if (ZIP_EXT.has(ext)) return zipTexts(data);
  if (ext === '.pdf') return fromDisk ? pdfTexts(file) : viaTempFile('file.pdf', data, pdfTexts);
  const text = data.toString('utf8');
  const pieces = [text];
  const decoded = decodeEscapes(text);
  if (decoded !== text) pieces.push(decoded);
  // HTML needs no joined form: its text nodes already stand between tags, which end a run.
  if (ext === '.xml' || ext === '.rels') pieces.push(xmlText(text));
  return pieces;
}
