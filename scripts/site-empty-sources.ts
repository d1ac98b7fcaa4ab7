/**
 * For a source query that returns no rows (a campaign with no overdue issue yet, no fund over its
 * cap) `evidence sources` lists the parquet in its manifest but writes no file (or, from an older
 * run, a 0-byte one), and every page of the site then fails with "too small to be a Parquet file".
 * Write a valid zero-row parquet in its place, with the columns Evidence recorded in the sibling
 * .schema.json, so pages see an empty table.
 *
 * A file left by an earlier `evidence sources` run, perhaps over another warehouse, is as wrong as
 * none: Evidence does not remove it when the source now returns no rows, and the county and city
 * sites published the town's load warnings that way. With --since (when this run of
 * `evidence sources` started, in ms), every listed parquet written before it is such a leftover.
 *
 * Usage: tsx scripts/site-empty-sources.ts [data dir, default .evidence/template/static/data] [--since ms]
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Command } from 'commander';
import { quoteIdent, quoteLiteral } from '../core/sql.ts';

const SQL_TYPE: Record<string, string> = {
  date: 'DATE',
  string: 'VARCHAR',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
};

/** Every parquet the manifest promises that is missing, empty, or older than this run of the sources. */
function missingParquets(dataDir: string, since: number | null): string[] {
  const manifestFile = path.join(dataDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return [];
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    renderedFiles?: Record<string, string[]>;
  };
  // Manifest entries read "static/data/<source>/<table>/<table>.parquet".
  const files = Object.values(manifest.renderedFiles ?? {})
    .flat()
    .map((f) => path.join(dataDir, f.replace(/^static\/data\//, '')));
  return files.filter((f) => !fs.existsSync(f) || fs.statSync(f).size === 0 || (since !== null && fs.statSync(f).mtimeMs < since));
}

const program = new Command()
  .argument('[dataDir]', 'Evidence 的数据目录', '.evidence/template/static/data')
  .option('--since <ms>', '本次 evidence sources 开始的时间（毫秒）：更早写下的 parquet 是以前构建留下的');
program.parse();
const dataDir = program.args[0] ?? '.evidence/template/static/data';
const sinceOpt = program.opts<{ since?: string }>().since;
const empty = missingParquets(dataDir, sinceOpt === undefined ? null : Number(sinceOpt));
if (empty.length > 0) {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  for (const file of empty) {
    const schemaFile = file.replace(/\.parquet$/, '.schema.json');
    if (!fs.existsSync(schemaFile)) {
      console.error(`[build-site] ${file} 缺失，且没有 ${schemaFile} 可据以生成空表`);
      process.exit(1);
    }
    const columns = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { name: string; evidenceType: string }[];
    const select = columns
      .map((c) => `null::${SQL_TYPE[c.evidenceType] ?? 'VARCHAR'} as ${quoteIdent(c.name)}`)
      .join(', ');
    fs.rmSync(file, { force: true });
    await con.run(`copy (select ${select} where false) to ${quoteLiteral(file)} (format parquet)`);
    console.log(`[build-site] ${path.relative(dataDir, file)}: no rows; wrote an empty parquet with ${columns.length} columns`);
  }
  con.closeSync();
  db.closeSync();
}
