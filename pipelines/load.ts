import fs from 'node:fs';
import path from 'node:path';
import { entityLabels, ruleLabels, type EntityName } from '../core/glossary.ts';
import { monthLabel } from '../core/format.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { quoteIdent as q, quoteLiteral as lit } from '../core/sql.ts';
import type { Warehouse } from '../core/warehouse.ts';
import { columnsOf, contracts } from './contracts/index.ts';
import { ensureRawSchema, LINEAGE_COLUMNS } from './ddl.ts';
import { monthFromPath } from './month-from-path.ts';
import { openSource, ReadError, SUPPORTED_EXTENSIONS, type Encoding, type SourceFile } from './readers/index.ts';
import { mapHeaders } from './readers/headers.ts';
import { blankRowExpr, cellExpr, checkedInsert, trimmedCell, checkedTableDdl, duplicateKeysQuery, keyOf, raw } from './validate-sql.ts';

export interface LoadOptions {
  /** 'YYYY-MM'; otherwise from the path, otherwise from the 数据月份 column. */
  month?: string | undefined;
  encoding?: Encoding | undefined;
  sheet?: string | undefined;
  entity?: EntityName | undefined;
  progress?: Progress;
  /** Called inside the transaction, after the writes and before the commit; a throw rolls back. */
  beforeCommit?: (entity: EntityName, month: string) => Promise<void>;
}

export type LoadStatus = 'loaded' | 'unchanged' | 'failed';

export interface FileResult {
  file: string;
  sheet: string | null;
  entity: EntityName | null;
  month: string | null;
  sha256: string | null;
  encoding: string | null;
  status: LoadStatus;
  read: number;
  loaded: number;
  rejected: number;
  loadId: number | null;
  message: string | null;
}

/** A file opened and assigned its month, waiting to be validated with its month's group. */
interface Landed {
  source: SourceFile;
  /** Contract columns the file lacks. */
  missing: Set<string>;
  /** The query that yields the file's cells (see cellsQuery). */
  cells: string;
  month: string;
  read: number;
  startedAt: Date;
}

/** Expands folders into the supported files below them, in a stable order. */
export function expandInputs(inputs: readonly string[]): { files: string[]; ignored: string[] } {
  const files: string[] = [];
  const ignored: string[] = [];
  const walk = (p: string) => {
    for (const entry of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ((SUPPORTED_EXTENSIONS as readonly string[]).includes(path.extname(entry.name).toLowerCase())) files.push(full);
      else if (!entry.name.startsWith('.') && !entry.name.startsWith('~$')) ignored.push(full);
    }
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new ReadError(input, `文件或文件夹不存在（${path.resolve(input)}）`, 'no such file or folder');
    if (fs.statSync(input).isDirectory()) walk(input);
    else files.push(input);
  }
  return { files, ignored };
}

/**
 * Loads files into raw.<entity>. Files of one entity and month form a group that replaces that
 * entity's month in one transaction: all of it lands or none of it does. Every row read is
 * either in raw.<entity> or in raw.rejects, with the manifest in meta.loads.
 */
export async function loadPaths(wh: Warehouse, inputs: readonly string[], options: LoadOptions = {}): Promise<FileResult[]> {
  const progress = options.progress ?? silentProgress;
  await ensureRawSchema(wh);
  const { files, ignored } = expandInputs(inputs);
  for (const f of ignored) progress.info(`跳过不支持的文件：${f}`);

  const results: FileResult[] = [];
  const landed: Landed[] = [];
  try {
    for (const [i, file] of files.entries()) {
      progress.start(`打开 ${i + 1}/${files.length} ${path.basename(file)}`);
      try {
        const item = await prepare(wh, file, options);
        landed.push(item);
        progress.finish(`${entityLabels[item.source.entity]}，${monthLabel(item.month)}`);
      } catch (error) {
        progress.finish('失败');
        results.push(failedFile(file, error));
        await recordFailure(wh, results.at(-1)!);
      }
    }
    const groups = groupBy(landed, (l) => `${l.month}|${l.source.entity}`);
    for (const group of [...groups.values()].sort(byMonthThenEntity)) {
      results.push(...(await loadGroup(wh, group, progress, options.beforeCommit)));
    }
  } finally {
    for (const l of landed) l.source.dispose();
  }
  return results;
}

function byMonthThenEntity(a: Landed[], b: Landed[]): number {
  const order = Object.keys(contracts);
  return a[0]!.month.localeCompare(b[0]!.month) || order.indexOf(a[0]!.source.entity) - order.indexOf(b[0]!.source.entity);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

/**
 * The cells of a file as read_csv yields them: text as written (checkedInsert trims it), NULL when
 * empty, and whether the row is blank once trimmed.
 */
export function cellsQuery(source: SourceFile): string {
  const contract = contracts[source.entity];
  const mapped = mapHeaders(source.entity, source.headers);
  const cellCols = source.headers.map((_, i) => `c${i}`);
  const readCols = [...(source.rowNumbers.kind === 'column' ? ['__rownum'] : []), ...cellCols, '__extra'];
  const columnsArg = `{${readCols.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  const present = new Map<string, string>();
  mapped.forEach((name, i) => name && present.set(name, `c${i}`));
  // CSV rows are numbered from their position (the rowid they get in the checked table), which
  // costs nothing; row_number() over () would halve the load speed.
  const rowExpr = source.rowNumbers.kind === 'column' ? 'try_cast(__rownum as integer)' : 'null::integer';
  const fileLabel = path.basename(source.path) + (source.sheet ? `[${source.sheet}]` : '');
  const cells = columnsOf(contract)
    .map((c) => `${present.has(c.name) ? cellExpr(present.get(c.name)!) : 'null::varchar'} as ${raw(c.name)}`)
    .join(', ');
  return `select ${lit(source.path)} as __file, ${lit(fileLabel)} as __file_label,
    ${source.sheet === null ? 'null::varchar' : lit(source.sheet)} as __sheet, ${rowExpr} as __row,
    ${blankRowExpr([...cellCols, '__extra'])} as __blank,
    ${cells}, ${trimmedCell('__extra')} as __extra
  from read_csv(${lit(source.csvPath)}, header = false, skip = ${source.skipLines}, columns = ${columnsArg},
    delim = ${lit(source.delimiter)}, quote = '"', escape = '"', null_padding = true, strict_mode = false,
    auto_detect = false, encoding = 'utf-8')`;
}

async function prepare(wh: Warehouse, file: string, options: LoadOptions): Promise<Landed> {
  const startedAt = new Date();
  const source = await openSource(file, options);
  try {
    const cells = cellsQuery(source);
    const mapped = new Set(mapHeaders(source.entity, source.headers));
    const missing = new Set(columnsOf(contracts[source.entity]).map((c) => c.name).filter((n) => !mapped.has(n)));
    const month = options.month ?? monthFromPath(file) ?? (await monthFromColumn(wh, cells, file));
    return { source, cells, missing, month, read: 0, startedAt };
  } catch (error) {
    source.dispose();
    if (error instanceof ReadError) throw error;
    throw new ReadError(file, `读取失败：${(error as Error).message}`, `read failed: ${(error as Error).message}`);
  }
}

async function monthFromColumn(wh: Warehouse, cells: string, file: string): Promise<string> {
  const rows = await wh.all<{ m: string }>(`select distinct ${trimmedCell(raw('data_month'))} as m from (${cells}) where m is not null limit 20`);
  const months = [...new Set(rows.map((r) => monthFromPath(r.m)).filter((m): m is string => m !== undefined))];
  if (months.length === 1) return months[0]!;
  if (months.length > 1) {
    throw new ReadError(file, `文件含多个数据月份（${months.join('、')}），请按月拆分或用 --month 指定`, 'the file holds several months; split it or pass --month');
  }
  throw new ReadError(
    file,
    '无法确定数据月份：请用 --month 2024-06 指定，或把文件放在名为 2024-06 的文件夹中，或提供“数据月份”列',
    'cannot tell the month: pass --month, name the folder 2024-06, or add a 数据月份 column',
  );
}

/** Polls DuckDB's progress for the statement `fn` runs. */
async function withDuckProgress<T>(wh: Warehouse, progress: Progress, fn: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    const p = wh.progress();
    if (p !== undefined) progress.update(p);
  }, 250);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

interface PreviousBatch {
  batch_id: number;
  shas: string[];
}

async function currentBatch(wh: Warehouse, entity: EntityName, month: string): Promise<PreviousBatch | undefined> {
  const rows = await wh.all<PreviousBatch>(
    `select batch_id, list(file_sha256 order by file_sha256) as shas from meta.loads
     where entity = $1 and snapshot_month = $2::date and status = 'loaded'
     group by batch_id order by batch_id desc limit 1`,
    [entity, `${month}-01`],
  );
  return rows[0];
}

/** A file whose exact bytes are the current data of another month is almost surely mislabelled. */
async function loadedElsewhere(wh: Warehouse, entity: EntityName, month: string, sha: string): Promise<string | undefined> {
  const rows = await wh.all<{ m: string }>(
    `with current as (
       select entity, snapshot_month, max(batch_id) as batch_id from meta.loads where status = 'loaded' group by all
     )
     select strftime(l.snapshot_month, '%Y-%m') as m from meta.loads l join current c using (entity, snapshot_month, batch_id)
     where l.file_sha256 = $1 and l.entity = $2 and l.snapshot_month <> $3::date limit 1`,
    [sha, entity, `${month}-01`],
  );
  return rows[0]?.m;
}

async function loadGroup(
  wh: Warehouse,
  group: Landed[],
  progress: Progress,
  beforeCommit: LoadOptions['beforeCommit'],
): Promise<FileResult[]> {
  const { entity } = group[0]!.source;
  const month = group[0]!.month;
  const contract = contracts[entity];
  const label = `${entityLabels[entity]} ${monthLabel(month)}`;

  for (const l of group) {
    const other = await loadedElsewhere(wh, entity, month, l.source.sha256);
    if (other) {
      const message = `该文件与已加载的${monthLabel(other)}数据完全相同，可能月份标错，未加载 / identical to the file loaded for ${other}; not loaded`;
      const results = group.map((g) => resultOf(g, 'failed', g === l ? message : `同组文件${path.basename(l.source.path)}有误，整组未加载 / another file of this group failed`));
      for (const r of results) await recordFailure(wh, r);
      return results;
    }
  }

  const previous = await currentBatch(wh, entity, month);
  const shas = group.map((g) => g.source.sha256).sort();
  if (previous && previous.shas.join() === shas.join()) {
    progress.info(`${label}：文件与上次加载（批次${previous.batch_id}）完全相同，已跳过`);
    const results = group.map((g) => ({ ...resultOf(g, 'unchanged', `与批次${previous.batch_id}相同，未重复加载 / identical to batch ${previous.batch_id}; not loaded again`), read: 0 }));
    for (const r of results) await recordManifest(wh, r, previous.batch_id, r.file, new Date(), 'unchanged');
    return results;
  }

  const table = `checked_group`;
  const checked = `checked_rows`;
  const dups = `duplicate_keys`;
  await wh.run(`create or replace temp table file_ids (file varchar, load_id integer)`);
  await wh.run(`create or replace temp table file_headers (file varchar, column_name varchar, header varchar)`);
  for (const g of group) {
    const mapped = mapHeaders(entity, g.source.headers);
    const pairs = mapped.flatMap((name, i) => (name ? [[name, g.source.headers[i]!]] : []));
    pairs.push(['__extra', '表头右侧多出的单元格']);
    for (const c of columnsOf(contract)) if (!mapped.includes(c.name)) pairs.push([c.name, c.headers[0]]);
    for (const [name, header] of pairs) await wh.run(`insert into file_headers values ($1, $2, $3)`, [g.source.path, name!, header!]);
  }
  const started = Date.now();
  try {
    // Row numbers are read from the order rows enter the checked table (see below).
    await wh.run('set preserve_insertion_order = true');
    await wh.run(checkedTableDdl(contract, table));
    // Per file: the row number of its first row in the checked table is rowid - offset.
    const offsets: string[] = [];
    for (const [i, g] of group.entries()) {
      progress.start(`读取并校验 ${label}${group.length > 1 ? ` ${i + 1}/${group.length}` : ''} ${path.basename(g.source.path)}`);
      const { base } = await wh.one<{ base: number }>(`select count(*)::bigint as base from ${table}`);
      const first = g.source.rowNumbers.kind === 'sequential' ? g.source.rowNumbers.firstRowNumber : 0;
      offsets.push(`when ${lit(g.source.path)} then ${base - first}`);
      await withDuckProgress(wh, progress, () => wh.run(checkedInsert(contract, { cells: g.cells, missing: g.missing, month, target: table })));
      progress.finish();
    }
    // CASE on the file, not a join: a join would cost a hash probe per row of a large file.
    await wh.run(`create or replace temp view ${checked} as
      select c.* replace (coalesce(c.__row, (c.rowid - case c.__file ${offsets.join(' ')} end)::integer) as __row)
      from ${table} c
      where not c.__blank`);
    await wh.run(duplicateKeysQuery(contract, checked, dups));
    progress.start(`写入 ${label}`);
    const results = await wh.transaction(async () => {
      const ids: number[] = [];
      for (const g of group) {
        const { id } = await wh.one<{ id: number }>(`select nextval('meta.load_id_seq')::integer as id`);
        ids.push(id);
        await wh.run(`insert into file_ids values ($1, $2)`, [g.source.path, id]);
      }
      const batchId = ids[0]!;
      const monthDate = `date '${month}-01'`;
      await wh.run(`delete from raw.${entity} where snapshot_month = ${monthDate}`);
      await wh.run(`delete from raw.rejects where entity = ${lit(entity)} and snapshot_month = ${monthDate}`);

      const cols = columnsOf(contract).map((c) => q(c.name));
      const lineage = LINEAGE_COLUMNS.map(([n]) => n);
      const sha = (g: Landed) => `when ${lit(g.source.path)} then ${lit(g.source.sha256)}`;
      const key = keyOf(contract, 'c');
      const loadId = group.map((g, i) => `when ${lit(g.source.path)} then ${ids[i]}`).join(' ');
      const { n: duplicated } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${dups}`);
      // Raw rows carry their row number, so their order in the table does not matter; letting
      // DuckDB write them in any order makes this copy about 1.6× faster. Back on afterwards:
      // the row numbers of the next file are read from the checked table's insertion order.
      await wh.run('set preserve_insertion_order = false');
      await withDuckProgress(wh, progress, () =>
        wh.run(`insert into raw.${entity} (${[...lineage, ...cols].join(', ')})
          select ${monthDate}, case c.__file ${loadId} end, c.__file, c.__sheet, c.__row,
            case c.__file ${group.map(sha).join(' ')} end,
            ${cols.map((c) => `c.${c}`).join(', ')}
          from ${checked} c
          where c.__ok${duplicated > 0 ? ` and not exists (select 1 from ${dups} d where d.__k = ${key})` : ''}`),
      ).finally(() => wh.run('set preserve_insertion_order = true').catch(() => undefined));
      const keyHeader = columnsOf(contract).find((c) => c.name === contract.key[0])!.headers[0];
      // Rejected rows keep their village code (as written) so data quality can be told per village.
      const villageCol = columnsOf(contract).some((c) => c.name === 'village_code') ? 'c."village_code"' : 'null::varchar';
      const dupRule = ruleLabels.duplicate_key;
      await wh.run(`insert into raw.rejects
        with broken as (
          select c.__file, c.__file_label, c.__sheet, c.__row, ${key} as __k, ${villageCol} as __village, unnest(c.__errors) as e
          from ${checked} c where not c.__ok
          union all
          select c.__file, c.__file_label, c.__sheet, c.__row, d.__k, ${villageCol},
            {'column': ${lit(contract.key[0]!)}, 'rule': 'duplicate_key', 'value': d.__k, 'shown': d.__k,
             'zh': ${lit(`${dupRule.zh}（${keyHeader}），同一键出现在：`)} || array_to_string(d.__places, '、'),
             'en': ${lit(dupRule.en)}}
          from ${checked} c join ${dups} d on d.__k = ${key}
        )
        select f.load_id, ${lit(entity)}, ${monthDate}, b.__file, b.__sheet, b.__row, b.__k, b.__village,
          b.e.column, h.header, b.e.value, b.e.rule,
          b.__file_label || '第' || b.__row || '行，' || coalesce('“' || h.header || '”列', '') ||
            coalesce('值“' || b.e.shown || '”', '为空') || '：' || b.e.zh,
          b.__file_label || ' row ' || b.__row || ', column ' || coalesce(h.header, b.e.column) || ': ' || b.e.en
        from broken b
        join file_ids f on f.file = b.__file
        left join file_headers h on h.file = b.__file and h.column_name = b.e.column`);
      const counts = await wh.all<{ file: string; read: number; rejected: number }>(
        `select c.__file as file, count(*)::integer as read,
           count(*) filter (not c.__ok or d.__k is not null)::integer as rejected
         from ${checked} c left join ${dups} d on d.__k = ${key} group by c.__file`,
      );
      const loadedCounts = await wh.all<{ file: string; n: number }>(
        `select _source_file as file, count(*)::integer as n from raw.${entity} where snapshot_month = ${monthDate} group by 1`,
      );
      const byFile = new Map(counts.map((c) => [c.file, c]));
      const loadedBy = new Map(loadedCounts.map((c) => [c.file, c.n]));
      const out: FileResult[] = [];
      for (const [i, g] of group.entries()) {
        const c = byFile.get(g.source.path) ?? { read: 0, rejected: 0 };
        const loaded = loadedBy.get(g.source.path) ?? 0;
        const r: FileResult = { ...resultOf(g, 'loaded', null), read: c.read, loaded, rejected: c.rejected, loadId: ids[i]! };
        if (r.read !== r.loaded + r.rejected) {
          throw new Error(`行数不平衡：读取${r.read}，加载${r.loaded}，拒收${r.rejected} / counts do not reconcile`);
        }
        await recordManifest(wh, r, batchId, g.source.path, g.startedAt, 'loaded', ids[i]!);
        out.push(r);
      }
      await beforeCommit?.(entity, month);
      return out;
    });
    const rows = results.reduce((s, r) => s + r.read, 0);
    const seconds = (Date.now() - started) / 1000;
    progress.finish(`${rows}行，${Math.round(rows / Math.max(seconds, 0.001))}行/秒`);
    return results;
  } catch (error) {
    progress.finish('失败，仓库未改变');
    const message = `加载失败，已回滚，仓库未改变：${(error as Error).message} / load failed and was rolled back`;
    const results = group.map((g) => resultOf(g, 'failed', message));
    for (const r of results) await recordFailure(wh, r);
    return results;
  } finally {
    await wh.run(`drop view if exists ${checked}`);
    await wh.run(`drop table if exists ${table}`);
    await wh.run(`drop table if exists ${dups}`);
  }
}

function resultOf(l: Landed, status: LoadStatus, message: string | null): FileResult {
  return {
    file: l.source.path,
    sheet: l.source.sheet,
    entity: l.source.entity,
    month: l.month,
    sha256: l.source.sha256,
    encoding: l.source.encoding,
    status,
    read: l.read,
    loaded: 0,
    rejected: 0,
    loadId: null,
    message,
  };
}

function failedFile(file: string, error: unknown): FileResult {
  const message = error instanceof ReadError ? `${error.zh} / ${error.en}` : `读取失败 / read failed: ${(error as Error).message}`;
  return { file, sheet: null, entity: null, month: null, sha256: null, encoding: null, status: 'failed', read: 0, loaded: 0, rejected: 0, loadId: null, message };
}

async function recordManifest(
  wh: Warehouse,
  r: FileResult,
  batchId: number,
  file: string,
  startedAt: Date,
  status: LoadStatus,
  loadId?: number,
): Promise<void> {
  const id = loadId ?? (await wh.one<{ id: number }>(`select nextval('meta.load_id_seq')::integer as id`)).id;
  await wh.run(
    `insert into meta.loads values ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12::timestamp, now()::timestamp, $13, $14)`,
    [
      id,
      batchId,
      r.entity ?? 'unknown',
      r.month ? `${r.month}-01` : null,
      file,
      r.sheet,
      r.sha256 ?? '',
      r.encoding,
      r.read,
      r.loaded,
      r.rejected,
      startedAt.toISOString(),
      status,
      r.message,
    ],
  );
}

/** Failures are recorded after the rollback, so the manifest shows every attempt. */
async function recordFailure(wh: Warehouse, r: FileResult): Promise<void> {
  const { id } = await wh.one<{ id: number }>(`select nextval('meta.load_id_seq')::integer as id`);
  await recordManifest(wh, r, id, r.file, new Date(), 'failed', id);
}
