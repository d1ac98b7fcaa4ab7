import fs from 'node:fs';
import path from 'node:path';
import { entityLabels, type EntityName } from '../core/glossary.ts';
import { monthLabel } from '../core/format.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { quoteIdent as q, quoteLiteral as lit } from '../core/sql.ts';
import type { Warehouse } from '../core/warehouse.ts';
import { columnsOf, contracts } from './contracts/index.ts';
import { ensureRawSchema, LINEAGE_COLUMNS } from './ddl.ts';
import { monthFromPath } from './month-from-path.ts';
import { openSource, ReadError, SUPPORTED_EXTENSIONS, type Encoding, type SourceFile } from './readers/index.ts';
import { mapHeaders } from './readers/headers.ts';
import { checkedQuery, raw } from './validate-sql.ts';

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

/** A file read into a temporary landing table, waiting to be validated with its month's group. */
interface Landed {
  source: SourceFile;
  table: string;
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
    if (!fs.existsSync(input)) throw new ReadError(input, '文件或文件夹不存在', 'no such file or folder');
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
      progress.start(`读取 ${i + 1}/${files.length} ${path.basename(file)}`);
      try {
        const item = await land(wh, file, `landing_${i}`, options, progress);
        landed.push(item);
        progress.finish(`${item.read}行`);
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
    for (const l of landed) {
      await wh.run(`drop table if exists ${l.table}`).catch(() => {});
      l.source.dispose();
    }
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

async function land(wh: Warehouse, file: string, table: string, options: LoadOptions, progress: Progress): Promise<Landed> {
  const startedAt = new Date();
  const source = await openSource(file, options);
  try {
    const contract = contracts[source.entity];
    const mapped = mapHeaders(source.entity, source.headers);
    const cellCols = source.headers.map((_, i) => `c${i}`);
    const readCols = [...(source.rowNumbers.kind === 'column' ? ['__rownum'] : []), ...cellCols, '__extra'];
    const columnsArg = `{${readCols.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
    const present = new Map<string, string>();
    mapped.forEach((name, i) => name && present.set(name, `c${i}`));
    const missing = columnsOf(contract).filter((c) => !present.has(c.name)).map((c) => lit(c.name));
    const cell = (c: string) => `nullif(trim(${c}), '')`;
    const rowExpr =
      source.rowNumbers.kind === 'column' ? 'try_cast(__rownum as integer)' : `(__seq + ${source.rowNumbers.firstRowNumber - 1})::integer`;
    const fileLabel = path.basename(file) + (source.sheet ? `[${source.sheet}]` : '');
    const select = columnsOf(contract)
      .map((c) => `${present.has(c.name) ? cell(present.get(c.name)!) : 'null::varchar'} as ${q(c.name)}`)
      .join(',\n  ');
    const sql = `create or replace temp table ${table} as
select ${lit(file)} as __file, ${lit(fileLabel)} as __file_label, ${source.sheet === null ? 'null::varchar' : lit(source.sheet)} as __sheet,
  ${rowExpr} as __row,
  ${select},
  ${cell('__extra')} as __extra,
  [${missing.join(', ')}]::varchar[] as __missing
from (
  select *, row_number() over () as __seq
  from read_csv(${lit(source.csvPath)}, header = false, skip = ${source.skipLines}, columns = ${columnsArg},
    delim = ${lit(source.delimiter)}, quote = '"', escape = '"', null_padding = true, strict_mode = false,
    auto_detect = false, encoding = 'utf-8')
)
where coalesce(${[...cellCols, '__extra'].map(cell).join(', ')}) is not null`;
    await withDuckProgress(wh, progress, () => wh.run(sql));
    const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${table}`);
    const month = options.month ?? monthFromPath(file) ?? (await monthFromColumn(wh, table, file));
    return { source, table, month, read: n, startedAt };
  } catch (error) {
    source.dispose();
    await wh.run(`drop table if exists ${table}`);
    if (error instanceof ReadError) throw error;
    throw new ReadError(file, `读取失败：${(error as Error).message}`, `read failed: ${(error as Error).message}`);
  }
}

async function monthFromColumn(wh: Warehouse, table: string, file: string): Promise<string> {
  const rows = await wh.all<{ m: string }>(`select distinct data_month as m from ${table} where data_month is not null limit 20`);
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

  const landing = `landing_group`;
  const checked = `checked_group`;
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
  progress.start(`校验并写入 ${label}`);
  try {
    await wh.run(`create or replace temp view ${landing} as ${group.map((g) => `select * from ${g.table}`).join(' union all ')}`);
    await withDuckProgress(wh, progress, () => wh.run(checkedQuery(contract, { landing, month, target: checked })));
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
      await withDuckProgress(wh, progress, () =>
        wh.run(`insert into raw.${entity} (${[...lineage, ...cols].join(', ')})
          select ${monthDate}, f.load_id, c.__file, c.__sheet, c.__row,
            case c.__file ${group.map(sha).join(' ')} end,
            ${cols.map((c) => `c.${c}`).join(', ')}
          from ${checked} c join file_ids f on f.file = c.__file
          where len(c.__errors) = 0`),
      );
      await wh.run(`insert into raw.rejects
        select f.load_id, ${lit(entity)}, ${monthDate}, c.__file, c.__sheet, c.__row,
          ${contract.key.map((k) => `c.${raw(k)}`).join(" || '|' || ")},
          e.column, h.header, e.value, e.rule,
          c.__file_label || '第' || c.__row || '行，' || coalesce('“' || h.header || '”列', '') ||
            coalesce('值“' || e.shown || '”', '为空') || '：' || e.zh,
          c.__file_label || ' row ' || c.__row || ', column ' || coalesce(h.header, e.column) || ': ' || e.en
        from (select *, unnest(__errors) as e from ${checked} where len(__errors) > 0) c
        join file_ids f on f.file = c.__file
        left join file_headers h on h.file = c.__file and h.column_name = e.column`);
      const counts = await wh.all<{ file: string; read: number; loaded: number; rejected: number }>(
        `select __file as file, count(*)::integer as read,
           count(*) filter (len(__errors) = 0)::integer as loaded,
           count(*) filter (len(__errors) > 0)::integer as rejected
         from ${checked} group by __file`,
      );
      const byFile = new Map(counts.map((c) => [c.file, c]));
      const out: FileResult[] = [];
      for (const [i, g] of group.entries()) {
        const c = byFile.get(g.source.path) ?? { read: 0, loaded: 0, rejected: 0 };
        const r: FileResult = { ...resultOf(g, 'loaded', null), read: c.read, loaded: c.loaded, rejected: c.rejected, loadId: ids[i]! };
        if (r.read !== g.read || r.read !== r.loaded + r.rejected) {
          throw new Error(`行数不平衡：读取${g.read}，校验${r.read}，加载${r.loaded}，拒收${r.rejected} / counts do not reconcile`);
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
    await wh.run(`drop table if exists ${checked}`);
    await wh.run(`drop view if exists ${landing}`);
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
