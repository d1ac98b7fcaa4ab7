import ExcelJS from 'exceljs';
import type { EntityName } from '../../core/glossary.ts';
import { ReadError } from './read-error.ts';
import type { SourceFile } from './source-file.ts';
import { numberText, openSheetAsCsv, writeSheetCsv } from './sheet-csv.ts';

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

function openXlsxOnce(file: string, options: XlsxOptions): Promise<SourceFile> {
  return openSheetAsCsv(file, 'xlsx', (csvPath) => streamSheet(file, csvPath, options));
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
    return await writeSheetCsv(sheetRows(worksheet as AsyncIterable<ExcelJS.Row>), name, file, csvPath, options.entity);
  }
  if (options.sheet !== undefined) {
    throw new ReadError(file, `找不到工作表“${options.sheet}”（现有：${seen.join('、')}）`, `sheet "${options.sheet}" not found`);
  }
  throw new ReadError(file, '工作簿中没有工作表', 'the workbook has no sheets');
}

async function* sheetRows(rows: AsyncIterable<ExcelJS.Row>) {
  for await (const row of rows) yield { number: row.number, cells: rowCells(row) };
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
  if (typeof value === 'number') return numberText(value);
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
