/**
 * A parquet file read for the gate inside DuckDB, so that the cost does not grow with a JS value
 * per cell: the published marts of a city hold millions of cells, and reading them into JS was
 * most of the gate's time. The rules stay in scan.ts; DuckDB only narrows what reaches them:
 *
 * - Names live in runs of Chinese text, and a run holds the same names wherever it stands. So DuckDB
 *   lists each distinct run of the file with how often it occurs (village names repeat thousands of
 *   times), and scan.ts matches each run once, counting its exemptions as often as it occurs.
 * - ID numbers, phones and 户编号 are runs of letters and digits with spaces or dashes between.
 *   DuckDB keeps the distinct rows (cells joined by line breaks, as scan.ts would read them) that
 *   hold such a run at least as long as the shortest held number; scan.ts reads those rows with its
 *   number rules, which decide exactly. (Matching the numbers themselves in SQL was tried: cutting
 *   every row into tokens and joining their substrings with the held numbers cost more than scan.ts.)
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Secrets } from './secrets.ts';

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

// The characters scan.ts treats as separators inside a number: JS's \s (RE2's \s is ASCII only,
// so listed here), the ideographic space and the dashes.
const SEP = String.raw`\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\-\x{2010}-\x{2015}\x{2212}\x{FF0D}`;
const CJK_RUN = String.raw`[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{B7}]+`;

/** The length of the shortest held number (ID number, phone, 户编号, as foldNumber writes them). */
function shortestNumber(secrets: Secrets): number | null {
  let n: number | null = null;
  for (const kind of ['id_number', 'phone', 'household_id'] as const) for (const v of secrets.byKind[kind]) if (n === null || v.length < n) n = v.length;
  return n;
}

export interface ParquetPieces {
  /** Column names and key/value metadata: scan.ts reads them whole. */
  texts: string[];
  /** The rows that may hold a number, for scan.ts's number rules (their names are in `runs`). */
  numberRows: string[];
  /** Each distinct run of Chinese text (two characters or more) and how often it occurs. */
  runs: [string, number][];
}

export async function parquetPieces(con: DuckDBConnection, file: string, secrets: Secrets): Promise<ParquetPieces> {
  const source = `read_parquet(${sqlString(file)})`;
  const header = await con.runAndReadAll(`select * from ${source} limit 0`);
  const columns = header.columnNames();
  const texts = [columns.join('\n')];
  const kv = await con.runAndReadAll(`select decode(key)::varchar, decode(value)::varchar from parquet_kv_metadata(${sqlString(file)})`);
  for (const row of kv.getRowsJS()) texts.push(row.map((v) => (v === null ? '' : String(v))).join('\n'));
  if (columns.length === 0) return { texts, numberRows: [], runs: [] };

  const row = `concat_ws(chr(10), ${columns.map((c) => `coalesce("${c.replaceAll('"', '""')}"::varchar, '')`).join(', ')})`;
  await con.run(`create or replace temp table privacy_rows as select distinct ${row} as row from ${source}`);

  const runs = await con.runAndReadAll(
    `select run, count(*)::integer from (select unnest(regexp_extract_all(row, '${CJK_RUN}')) as run from privacy_rows)
     where length(run) >= 2 group by run`,
  );
  const numberRows: string[] = [];
  const shortest = shortestNumber(secrets);
  if (shortest !== null) {
    // A held number is at least `shortest` letters and digits, with separators between them.
    const rows = await con.runAndReadAll(
      `select row from privacy_rows where regexp_matches(row, '[0-9A-Za-z０-９Ｘｘ](?:[${SEP}]*[0-9A-Za-z０-９Ｘｘ]){${shortest - 1}}')`,
    );
    for (const [r] of rows.getRowsJS()) numberRows.push(String(r));
  }
  return { texts, numberRows, runs: runs.getRowsJS().map(([r, n]) => [String(r), Number(n)]) };
}
