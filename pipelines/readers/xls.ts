import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import type { EntityName } from '../../core/glossary.ts';
import { ReadError } from './read-error.ts';
import { numberText, openSheetAsCsv, type SheetRow, writeSheetCsv } from './sheet-csv.ts';
import type { SourceFile } from './source-file.ts';

// BIFF5 workbooks from older systems store text in the machine's code page (GBK on Chinese Windows).
XLSX.set_cptable(cptable);

export interface XlsOptions {
  sheet?: string | undefined;
  entity?: EntityName | undefined;
}

/**
 * Old Excel workbooks (.xls, BIFF5/8, as WPS still saves them; WPS's .et too), read with SheetJS
 * into the same UTF-8 CSV the .xlsx reader writes: first column the spreadsheet row number, dates
 * as 2024-06-05. An .xls holds at most 65,536 rows, so the workbook is read whole.
 */
export async function openXls(file: string, options: XlsOptions = {}): Promise<SourceFile> {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(fs.readFileSync(file), { type: 'buffer', cellNF: true, cellDates: false, cellFormula: false, cellHTML: false, dense: false });
  } catch (error) {
    throw new ReadError(file, `无法读取Excel文件（${(error as Error).message}），请确认是.xls格式且未加密`, `cannot read the workbook: ${(error as Error).message}`);
  }
  const names = workbook.SheetNames;
  if (names.length === 0) throw new ReadError(file, '工作簿中没有工作表', 'the workbook has no sheets');
  const name = options.sheet ?? (names[0] as string);
  const sheet = workbook.Sheets[name];
  if (!names.includes(name) || !sheet) {
    throw new ReadError(file, `找不到工作表“${name}”（现有：${names.join('、')}）`, `sheet "${name}" not found`);
  }
  return openSheetAsCsv(file, 'xls', (csvPath) => writeSheetCsv(sheetRows(sheet), name, file, csvPath, options.entity));
}

/** Rows that hold at least one cell, from column A, with their spreadsheet row numbers. */
function* sheetRows(sheet: XLSX.WorkSheet): Generator<SheetRow> {
  const ref = sheet['!ref'];
  if (!ref) return;
  const range = XLSX.utils.decode_range(ref);
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    let present = false;
    for (let c = 0; c <= range.e.c; c++) {
      const cell = sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
      if (cell) present = true;
      cells.push(cellText(cell));
    }
    if (!present) continue;
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    yield { number: r + 1, cells };
  }
}

/** A cell as the user sees it: dates as 2024-06-05 (read from the serial, no time zone), numbers plain. */
function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 's':
      return String(cell.v);
    case 'b':
      return cell.v ? '是' : '否';
    case 'e':
    case 'z':
      return '';
    case 'd':
      return (cell.v as Date).toISOString().slice(0, 10);
    case 'n': {
      const v = cell.v as number;
      if (typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) {
        const d = XLSX.SSF.parse_date_code(v);
        if (d) return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
      }
      return numberText(v);
    }
    default:
      return String(cell.v);
  }
}
