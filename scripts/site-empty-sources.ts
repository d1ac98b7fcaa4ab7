/**
 * `evidence sources` writes a 0-byte file for a source query that returns no rows (a campaign
 * with no overdue issue yet, no fund over its cap), and every page of the site then fails with
 * "too small to be a Parquet file". Replace each such file with a valid zero-row parquet of the
 * columns Evidence recorded in the sibling .schema.json, so pages see an empty table.
 *
 * Usage: tsx scripts/site-empty-sources.ts [data dir, default .evidence/template/static/data]
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const SQL_TYPE: Record<string, string> = {
  date: 'DATE',
  string: 'VARCHAR',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
};

function* parquetFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* parquetFiles(full);
    else if (entry.name.endsWith('.parquet')) yield full;
  }
}

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
const quoteString = (s: string) => `'${s.replaceAll("'", "''")}'`;

const dataDir = process.argv[2] ?? '.evidence/template/static/data';
const empty = [...parquetFiles(dataDir)].filter((f) => fs.statSync(f).size === 0);
if (empty.length > 0) {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  for (const file of empty) {
    const schemaFile = file.replace(/\.parquet$/, '.schema.json');
    const columns = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { name: string; evidenceType: string }[];
    const select = columns
      .map((c) => `null::${SQL_TYPE[c.evidenceType] ?? 'VARCHAR'} as ${quoteIdent(c.name)}`)
      .join(', ');
    fs.rmSync(file);
    await con.run(`copy (select ${select} where false) to ${quoteString(file)} (format parquet)`);
    console.log(`[build-site] ${path.relative(dataDir, file)}: no rows; wrote an empty parquet with ${columns.length} columns`);
  }
  con.closeSync();
  db.closeSync();
}
