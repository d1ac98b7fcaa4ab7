import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { EntityName } from '../../core/glossary.ts';
import { locateHeader } from './csv.ts';
import { sha256File } from './file-hash.ts';
import { ReadError } from './read-error.ts';
import type { SourceFile } from './source-file.ts';
import { csvCell, makeTempDir } from './temp.ts';

const HEAD_ROWS = 30;

export interface XlsxOptions {
  sheet?: string | undefined;
  entity?: EntityName | undefined;
}

/**
 * Streams one sheet (the first, or the named one) into a UTF-8 CSV whose first column is the
 * spreadsheet row number, so messages point at the row the user sees in Excel.
 */
export async function openXlsx(file: string, options: XlsxOptions = {}): Promise<SourceFile> {
  // ExcelJS's streaming reader (4.4) sometimes loses the workbook part when the machine is busy
  // and fails with "reading 'sheets'" (about 1 read in 50 under load, measured). Reading is
  // deterministic, so an internal failure is retried; a workbook that is truly unreadable fails
  // the same way every time and is reported after the last attempt.
  for (let attempt = 1; ; attempt++) {
    try {
      return await openXlsxOnce(file, options);
    } catch (error) {
      // Our own verdicts (no such sheet, no header, empty) are final.
      if (error instanceof ReadError) throw error;
      if (attempt < XLSX_ATTEMPTS) continue;
      throw new ReadError(
        file,
        `无法读取Excel文件（${(error as Error).message}），请确认是.xlsx格式且未加密`,
        `cannot read the workbook: ${(error as Error).message}`,
      );
    }
  }
}

const XLSX_ATTEMPTS = 3;

async function openXlsxOnce(file: string, options: XlsxOptions): Promise<SourceFile> {
  const tmp = makeTempDir('xlsx');
  const csvPath = path.join(tmp.dir, 'sheet.csv');
  try {
    const { sheet, headers, entity, written } = await streamSheet(file, csvPath, options);
    return {
      path: file,
      sheet,
      sha256: await sha256File(file),
      encoding: 'xlsx',
      entity,
      headers,
      csvPath,
      delimiter: ',',
      skipLines: 0,
      rowNumbers: { kind: 'column' },
      expectedRows: written,
      dispose: tmp.remove,
    };
  } catch (error) {
    tmp.remove();
    throw error;
  }
}

async function streamSheet(file: string, csvPath: string, options: XlsxOptions) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  const seen: string[] = [];
  for await (const worksheet of reader) {
    const name = (worksheet as unknown as { name: string }).name;
    seen.push(name);
    if (options.sheet !== undefined && name !== options.sheet) {
      // A skipped sheet must still be read through: ExcelJS may be streaming it from a temp file
      // that it deletes as soon as we move on, and the pending open then throws ENOENT outside
      // any try (an uncaught exception, about 1 load in 20 of a named non-first sheet).
      for await (const _row of worksheet as AsyncIterable<unknown>) void _row;
      continue;
    }
    return await writeSheet(worksheet as AsyncIterable<ExcelJS.Row>, name, file, csvPath, options.entity);
  }
  if (options.sheet !== undefined) {
    throw new ReadError(file, `找不到工作表“${options.sheet}”（现有：${seen.join('、')}）`, `sheet "${options.sheet}" not found`);
  }
  throw new ReadError(file, '工作簿中没有工作表', 'the workbook has no sheets');
}

async function writeSheet(
  rows: AsyncIterable<ExcelJS.Row>,
  sheet: string,
  file: string,
  csvPath: string,
  entity: EntityName | undefined,
) {
  const out = fs.createWriteStream(csvPath, { encoding: 'utf8' });
  const head: { number: number; cells: string[] }[] = [];
  let header: { index: number; entity: EntityName; width: number } | undefined;
  let written = 0;
  const write = (number: number, cells: string[]) => {
    written++;
    // Cells right of the header go into one extra cell, which the validation rejects.
    const width = header!.width;
    const extra = cells.slice(width).filter((c) => c.trim() !== '').join(' ');
    const fields = cells.slice(0, width);
    while (fields.length < width) fields.push('');
    if (extra) fields.push(extra);
    const line = [String(number), ...fields.map((c) => csvCell(c))].join(',') + '\n';
    if (!out.write(line)) return new Promise<void>((resolve) => out.once('drain', resolve));
    return undefined;
  };
  for await (const row of rows) {
    const cells = rowCells(row);
    if (!header) {
      head.push({ number: row.number, cells });
      if (head.length < HEAD_ROWS) continue;
      header = pickHeader(head, entity, file);
      for (const r of head.slice(header.index + 1)) await write(r.number, r.cells);
      continue;
    }
    await write(row.number, cells);
  }
  if (!header) {
    if (head.length === 0) throw new ReadError(file, `工作表“${sheet}”为空`, `sheet "${sheet}" is empty`);
    header = pickHeader(head, entity, file);
    for (const r of head.slice(header.index + 1)) await write(r.number, r.cells);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { sheet, headers: head[header.index]!.cells.map((c) => c.trim()), entity: header.entity, written };
}

function pickHeader(head: { cells: string[] }[], entity: EntityName | undefined, file: string) {
  const found = locateHeader(head.map((r) => r.cells), entity, file);
  return { ...found, width: head[found.index]!.cells.length };
}

/** Row cells as text, as the user sees them: dates as 2024-06-05, formulas by their result. */
function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  return cells;
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return '';
  }
  return String(value);
}
