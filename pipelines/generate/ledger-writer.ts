import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { fixZipTimestamps } from './zip-timestamps.ts';

/**
 * Writes a ledger as government exports come: CSV in GB18030 (GBK), UTF-8 with or without BOM,
 * or XLSX with every cell as text, optionally under a title row such as 湘潭县2024年6月问题整改台账.
 */

export type FileFormat = 'csv' | 'xlsx' | 'xls';
export type CsvEncoding = 'gb18030' | 'utf-8-bom' | 'utf-8';

export interface LedgerFileSpec {
  format: FileFormat;
  encoding: CsvEncoding | null;
  title: string | null;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

const SPECIAL = /[",\r\n]/;

export function csvText(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [headers.map(csvCell).join(',')];
  for (const r of rows) {
    // Most rows need no quoting; test them whole (\u0001 never occurs in a cell).
    lines.push(SPECIAL.test(r.join('\u0001')) ? r.map(csvCell).join(',') : r.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from(text, 'utf8');
}

/** `stamp` is the moment written into the workbook's properties and zip entries (the month's end). */
export async function xlsxBuffer(
  sheetName: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  title: string | null,
  stamp: Date,
  dateColumns: readonly number[] = [],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '防返贫监测信息系统';
  wb.lastModifiedBy = '防返贫监测信息系统';
  wb.created = stamp;
  wb.modified = stamp;
  const ws = wb.addWorksheet(sheetName);
  if (title) {
    const row = ws.addRow([title]);
    ws.mergeCells(1, 1, 1, headers.length);
    row.getCell(1).alignment = { horizontal: 'center' };
    row.getCell(1).font = { bold: true, size: 14 };
  }
  const header = ws.addRow([...headers]);
  header.font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow([...r]);
    for (const c of dateColumns) {
      const date = dateCell(r[c] as string);
      if (date === null) continue;
      row.getCell(c + 1).value = new Date(Date.UTC(1899, 11, 30) + date * 86_400_000);
      row.getCell(c + 1).numFmt = 'yyyy-mm-dd';
    }
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimestamps(buffer, stamp);
}

/** '2024-06-01' as an Excel serial day (days since 1899-12-30); null for any other text. */
function dateCell(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? (Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - Date.UTC(1899, 11, 30)) / 86_400_000 : null;
}

/** An old-format workbook (BIFF8 .xls, as WPS saves it): text cells, dates as real date cells. */
export function xlsBuffer(
  sheetName: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  title: string | null,
  dateColumns: readonly number[] = [],
): Buffer {
  const aoa: string[][] = [...(title ? [[title]] : []), [...headers], ...rows.map((r) => [...r])];
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  const first = title ? 2 : 1;
  rows.forEach((r, i) => {
    for (const c of dateColumns) {
      const serial = dateCell(r[c] as string);
      if (serial !== null) ws[XLSX.utils.encode_cell({ r: first + i, c })] = { t: 'n', v: serial, z: 'yyyy-mm-dd' };
    }
  });
  if (title) ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: headers.length - 1 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName);
  return XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
}

export async function writeLedger(
  file: string,
  spec: LedgerFileSpec,
  sheetName: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  stamp: Date,
  dateColumns: readonly number[] = [],
): Promise<Buffer> {
  const data =
    spec.format === 'xlsx'
      ? await xlsxBuffer(sheetName, headers, rows, spec.title, stamp, dateColumns)
      : spec.format === 'xls'
        ? xlsBuffer(sheetName, headers, rows, spec.title, dateColumns)
        : encodeCsv(csvText(headers, rows), spec.encoding ?? 'utf-8');
  await fs.promises.writeFile(file, data);
  return data;
}
