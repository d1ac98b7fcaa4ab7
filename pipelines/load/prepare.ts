import path from 'node:path';
import { entityLabels, type EntityName } from '../../core/glossary.ts';
import { monthLabel } from '../../core/format.ts';
import { quoteLiteral as lit } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { columnsOf, contracts, entityNames } from '../contracts/index.ts';
import { monthFromCell, monthFromPath } from '../month-from-path.ts';
import { openSource, ReadError, type SourceFile } from '../readers/index.ts';
import { headerScales, headerScore, mapHeaders } from '../readers/headers.ts';
import { alternativesOf, blankRowExpr, cellExpr, mayNameVillages, trimmedCell, raw } from '../validate-sql.ts';
import { CSV_BUFFER_BYTES, FileFailure, MAX_LINE_BYTES, type Landed, type LoadOptions } from './types.ts';
import { describeDuckError } from './duck-errors.ts';

/**
 * Opens a file and settles what can be settled about it as a whole before any row is read:
 * its entity, its month, and that it has the columns its entity requires. Anything wrong here
 * fails the file (a ReadError or FileFailure) and nothing of it is written.
 */
export async function prepare(wh: Warehouse, file: string, options: LoadOptions): Promise<Landed> {
  const startedAt = new Date();
  const source = await openSource(file, options);
  try {
    if (options.entity) checkEntityFits(source.entity, source.headers);
    const mapped = new Set(mapHeaders(source.entity, source.headers));
    const columns = columnsOf(contracts[source.entity]);
    const missing = new Set(columns.map((c) => c.name).filter((n) => !mapped.has(n)));
    // A village may be named (县/乡镇/行政村 or one address column) instead of coded, and a payment may cite only its project.
    const alternatives = alternativesOf(contracts[source.entity], missing);
    const missingRequired = columns.filter((c) => c.required && missing.has(c.name) && !alternatives.has(c.name));
    if (missingRequired.length > 0) {
      throw new FileFailure(
        `缺少必填列${missingRequired.map((c) => `“${c.headers[0]}”`).join('')}（${entityLabels[source.entity]}必须有这些列；` +
          `可接受的表头写法：${missingRequired.map((c) => c.headers.join('/')).join('；')}` +
          `${missingRequired.some((c) => c.name === 'village_code') && mayNameVillages(columns) ? '；没有代码时也可给出“县市区”“乡镇”“行政村”名称或“所属村”地址' : ''}），请在导出时勾选这些列后重新加载`,
        `required column(s) missing: ${missingRequired.map((c) => c.name).join(', ')}`,
      );
    }
    const cells = cellsQuery(source);
    const fromPath = monthFromPath(file);
    const monthFrom = options.month ? 'option' : fromPath ? 'path' : 'column';
    const month = options.month ?? fromPath ?? (await monthFromColumn(wh, cells));
    return { source, cells, missing, scale: headerScales(source.entity, source.headers), month, monthFrom, startedAt };
  } catch (error) {
    source.dispose();
    if (error instanceof ReadError || error instanceof FileFailure) throw error;
    throw describeDuckError(error);
  }
}

/** With --entity, the headers must be that entity's, and not a better fit for another one. */
function checkEntityFits(entity: EntityName, headers: readonly string[]): void {
  const own = headerScore(entity, headers);
  const best = entityNames
    .filter((e) => e !== entity)
    .map((e) => ({ e, score: headerScore(e, headers) }))
    .sort((a, b) => b.score - a.score)[0]!;
  if (own >= 3 && own >= best.score) return;
  const looksLike = best.score >= 3 ? `，看起来是“${entityLabels[best.e]}”（认出${best.score}列）` : '';
  throw new FileFailure(
    `表头与 --entity 指定的“${entityLabels[entity]}”不符（只认出${own}列）${looksLike}；请去掉 --entity 让程序按表头识别，或换用正确的文件`,
    `the headers do not fit --entity ${entity} (${own} columns recognised)${best.score >= 3 ? `; they look like ${best.e}` : ''}`,
  );
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
  // CSV rows are numbered afterwards from the row ids they get in the staged table (validate.ts):
  // row_number() over () here would run the whole pass on one thread (measured 4.0× bare DuckDB
  // against 2.0× for the update).
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
    auto_detect = false, encoding = 'utf-8', max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${CSV_BUFFER_BYTES})`;
}

async function monthFromColumn(wh: Warehouse, cells: string): Promise<string> {
  const rows = await wh.all<{ m: string }>(`select distinct ${trimmedCell(raw('data_month'))} as m from (${cells}) where m is not null limit 50`);
  const months = [...new Set(rows.map((r) => monthFromCell(r.m)).filter((m): m is string => m !== undefined))].sort();
  if (months.length === 1) return months[0]!;
  if (months.length > 1) {
    throw new FileFailure(
      `文件含多个数据月份（${months.map(monthLabel).join('、')}），请按月拆分，或用 --month 指定要加载的月份`,
      'the file holds several months; split it or pass --month',
    );
  }
  throw new FileFailure(
    '无法确定数据月份：请用 --month 2024-06 指定，或把文件放在名为 2024-06 的文件夹中，或提供“数据月份”列',
    'cannot tell the month: pass --month, name the folder 2024-06, or add a 数据月份 column',
  );
}
