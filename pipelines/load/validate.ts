import path from 'node:path';
import { entityLabels } from '../../core/glossary.ts';
import { formatInt, monthLabel } from '../../core/format.ts';
import type { Progress } from '../../core/progress.ts';
import { quoteLiteral as lit } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { columnsOf, contracts } from '../contracts/index.ts';
import { mapHeaders } from '../readers/headers.ts';
import { checkedInsert, checkedTableDdl, isBlank } from '../validate-sql.ts';
import { describeDuckError } from './duck-errors.ts';
import { linkInherited } from './link.ts';
import { countFileAreas, FILE_AREAS } from './plan.ts';
import { resolvePlaces } from './resolve.ts';
import { FileFailure, type Landed } from './types.ts';

/**
 * Rows are written once. Inside the load's transaction each file's rows go straight into
 * raw.<entity> (the staged table), every rule computed in the same pass, with the rules a row
 * broke beside it in `_errors`. What the load then decides (files that fail, duplicates,
 * rejects) removes rows from there before the commit, so no reader ever sees them. With
 * --check the staged table is a temporary one and nothing is written.
 */
export interface Staged {
  /** The table the group's rows are written into. */
  table: string;
  /** Load id of each file of the group. */
  ids: Map<string, number>;
}

/** The group's non-blank rows of the files still alive, in the column names the plan and write steps use. */
export const CHECKED = 'checked_rows';
/** The files still alive, with their load ids. */
export const LIVE_FILES = 'live_files';

export interface FileCounts {
  /** Rows read_csv yielded, blank ones included. */
  total: number;
  /** Non-blank rows. */
  read: number;
  /** Rows that break a contract rule (duplicates are counted later). */
  broken: number;
  /** Rows with a 数据月份, and of those the ones of the month being loaded. */
  monthKnown: number;
  monthMatch: number;
}

/** Polls DuckDB's progress for the statement `fn` runs. */
export async function withDuckProgress<T>(wh: Warehouse, progress: Progress, fn: () => Promise<T>): Promise<T> {
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

/** The staged rows of a group's loads (all of them, failed files included). */
export function stagedRows(s: Staged, month: string, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}snapshot_month = date '${month}-01' and ${a}_load_id in (${[...s.ids.values()].join(', ')})`;
}

/**
 * Reads and checks every file of one entity-month into the staged table, one pass per file,
 * and returns the counts by file.
 */
export async function validateGroup(
  wh: Warehouse,
  group: Landed[],
  staged: Staged,
  progress: Progress,
  o: { persistent: boolean; slowOnly?: boolean } = { persistent: true },
): Promise<{ counts: Map<string, FileCounts>; unreadable: Map<string, FileFailure> }> {
  const { entity } = group[0]!.source;
  const month = group[0]!.month;
  const contract = contracts[entity];
  const label = `${entityLabels[entity]} ${monthLabel(month)}`;
  await wh.run('set preserve_insertion_order = true');
  if (!o.persistent) await wh.run(checkedTableDdl(contract, staged.table));
  await wh.run(`create or replace temp table ${LIVE_FILES} (file varchar, load_id integer)`);
  await recordHeaders(wh, group);
  const unreadable = new Map<string, FileFailure>();
  for (const [i, g] of group.entries()) {
    progress.start(`读取并校验 ${label}${group.length > 1 ? ` ${i + 1}/${group.length}` : ''} ${path.basename(g.source.path)}`);
    const id = staged.ids.get(g.source.path)!;
    try {
      const insert = checkedInsert(contract, {
        cells: g.cells,
        missing: g.missing,
        month,
        target: staged.table,
        scale: g.scale,
        load: { id, sha256: g.source.sha256 },
        slowOnly: o.slowOnly ?? false,
      });
      await withDuckProgress(wh, progress, () => wh.run(insert));
      await numberRows(wh, staged.table, g, id);
      await wh.run(`insert into ${LIVE_FILES} values ($1, $2)`, [g.source.path, id]);
      progress.finish();
    } catch (error) {
      // A statement that fails inserts nothing; inside a transaction it also aborts it, and the caller stages the group again without the file.
      progress.finish('失败');
      unreadable.set(g.source.path, describeDuckError(error));
      if (o.persistent) return { counts: new Map(), unreadable };
    }
  }
  const scope = { table: staged.table, where: stagedRows(staged, month) };
  await resolvePlaces(wh, contract, scope, { ...o, progress });
  await linkInherited(wh, contract, month, scope, progress);
  const labels = group.map((g) => `when ${lit(g.source.path)} then ${lit(path.basename(g.source.path) + (g.source.sheet ? `[${g.source.sheet}]` : ''))}`);
  await wh.run(`create or replace temp view ${CHECKED} as
    select t.*, _source_file as __file, case _source_file ${labels.join(' ')} end as __file_label, _sheet as __sheet,
      _row_number as __row, _errors is null as __ok, _errors as __errors, _warnings as __warnings, _code_source as __code_source
    from ${staged.table} t
    where ${scope.where} and _load_id in (select load_id from ${LIVE_FILES}) and not ${isBlank()}`);
  await countFileAreas(wh, contract, scope, month);
  const rows = await wh.all<FileCounts & { file: string }>(
    `select file, sum(total)::integer as total, sum(read)::integer as read, sum(broken)::integer as broken,
       sum(month_known)::integer as monthKnown, sum(month_match)::integer as monthMatch
     from ${FILE_AREAS} group by 1`,
  );
  const counts = new Map(rows.map(({ file, ...c }) => [file, c]));
  for (const g of group) {
    if (!unreadable.has(g.source.path) && !counts.has(g.source.path)) counts.set(g.source.path, { total: 0, read: 0, broken: 0, monthKnown: 0, monthMatch: 0 });
  }
  return { counts, unreadable };
}

/**
 * CSV rows are numbered by their position in the file: the rows of one insert take consecutive
 * row ids in file order (insertion order is preserved), so a row's number is its row id less the
 * file's first one, plus the line of the first data row. Computing it in the pass itself
 * (row_number() over ()) would run the pass on one thread.
 */
async function numberRows(wh: Warehouse, table: string, g: Landed, id: number): Promise<void> {
  if (g.source.rowNumbers.kind !== 'sequential') return;
  const first = g.source.rowNumbers.firstRowNumber;
  await wh.run(`update ${table} set _row_number = (rowid - (select min(rowid) from ${table} where _load_id = ${id}) + ${first})::integer
    where _load_id = ${id}`);
}

/** Each file's header for each contract column, so messages quote the header the user wrote. */
async function recordHeaders(wh: Warehouse, group: Landed[]): Promise<void> {
  await wh.run(`create or replace temp table file_headers (file varchar, column_name varchar, header varchar)`);
  for (const g of group) {
    const { entity, headers } = g.source;
    const mapped = mapHeaders(entity, headers);
    const pairs = mapped.flatMap((name, i) => (name ? [[name, headers[i]!]] : []));
    pairs.push(['__extra', '表头右侧多出的单元格']);
    for (const c of columnsOf(contracts[entity])) if (!mapped.includes(c.name)) pairs.push([c.name, c.headers[0]]);
    const values = pairs.map(([name, header]) => `(${lit(g.source.path)}, ${lit(name!)}, ${lit(header!)})`).join(', ');
    await wh.run(`insert into file_headers values ${values}`);
  }
}

/**
 * Whether a validated file is right as a whole. It is not when the parser did not yield the
 * rows its bytes hold, when it has no data row, when its 数据月份 column names another month,
 * or when every row broke a rule.
 */
export async function fileVerdict(wh: Warehouse, l: Landed, c: FileCounts, staged: Staged): Promise<FileFailure | null> {
  const expected = l.source.expectedRows;
  if (c.total !== expected) {
    return new FileFailure(
      `CSV 解析只读到${formatInt(c.total)}行，而文件本身有${formatInt(expected)}行数据，行被吞并或丢失（可能是引号、换行或分隔符有误）；请在 Excel/WPS 中打开核对后重新导出`,
      `the parser yielded ${c.total} rows but the file holds ${expected}`,
    );
  }
  if (c.read === 0) {
    return new FileFailure('文件中没有数据行（只有表头或全是空行）；请确认导出时选中了数据', 'the file has no data rows');
  }
  if (c.monthKnown > 0 && c.monthMatch === 0) {
    const months = await wh.all<{ m: string }>(
      `select distinct strftime(data_month, '%Y-%m') as m from ${staged.table}
       where _load_id = ${staged.ids.get(l.source.path)} and data_month is not null order by 1 limit 5`,
    );
    const from = { option: '--month 指定', path: '文件名或文件夹名表明', column: '数据月份列' }[l.monthFrom];
    return new FileFailure(
      `“数据月份”列是${months.map((r) => monthLabel(r.m)).join('、')}，与${from}的${monthLabel(l.month)}不一致；` +
        '请核对后把文件放到正确月份的文件夹（或改正文件名），或用 --month 指定',
      `the 数据月份 column says ${months.map((r) => r.m).join(', ')}, not ${l.month}`,
    );
  }
  if (c.broken === c.read) return allRejected(wh, l.source.path, c.read);
  return null;
}

/** Every row was refused: say so with the commonest reasons, instead of emptying the month. */
export async function allRejected(wh: Warehouse, file: string, read: number, extra: { rule: string; n: number; text: string }[] = []): Promise<FileFailure> {
  const reasons = await wh.all<{ rule: string; n: number; text: string }>(
    `select e.rule, count(*)::integer as n, any_value(coalesce(h.header, e.column) || ' ' || e.zh) as text
     from (select unnest(__errors) as e from ${CHECKED} where __file = $1 and not __ok)
     left join file_headers h on h.file = $1 and h.column_name = e.column
     group by 1 order by 2 desc limit 3`,
    [file],
  );
  const top = [...reasons, ...extra].sort((a, b) => b.n - a.n).slice(0, 3);
  return new FileFailure(
    `全部${formatInt(read)}行都被拒收，没有可加载的行（最多的原因：${top.map((r) => `${r.text}，${formatInt(r.n)}行`).join('；')}）；请修正后重新加载`,
    `all ${read} rows were rejected (${top.map((r) => r.rule).join(', ')})`,
  );
}

