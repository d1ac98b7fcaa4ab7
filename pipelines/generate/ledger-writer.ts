import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { fixZipTimestamps } from './zip-timestamps.ts';

/**
 * Writes a ledger as government exports come: CSV in GB18030 (GBK), UTF-8 with or without BOM,
 * or XLSX with every cell as text, optionally under a title row such as 湘潭县2024年6月问题整改台账.
 */

export type FileFormat = 'csv' | 'xlsx';
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
  for (const r of rows) ws.addRow([...r]);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimestamps(buffer, stamp);
}

export async function writeLedger(
  file: string,
  spec: LedgerFileSpec,
  sheetName: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  stamp: Date,
): Promise<Buffer> {
  const data =
    spec.format === 'xlsx'
      ? await xlsxBuffer(sheetName, headers, rows, spec.title, stamp)
      : encodeCsv(csvText(headers, rows), spec.encoding ?? 'utf-8');
  await fs.promises.writeFile(file, data);
  return data;
}
