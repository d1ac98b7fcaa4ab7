import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { cellText, renderTable } from '../../core/table.ts';
import type { QueryResult } from './session.ts';

export const FORMATS = ['table', 'csv', 'json', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const t = cellText(v);
  return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

/** Writes a result as text (table, CSV with a BOM so Excel reads the Chinese, JSON) or XLSX. */
export async function writeResult(result: QueryResult, format: Format, out?: string): Promise<string | undefined> {
  if (format === 'xlsx') {
    if (!out) throw new Error('XLSX 需要用 --out 指定输出文件 / --out is required for xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('查询结果');
    ws.addRow(result.columns).font = { bold: true };
    for (const r of result.rows) ws.addRow(r.map((v) => (typeof v === 'bigint' ? Number(v) : v ?? null)) as ExcelJS.CellValue[]);
    ws.columns.forEach((c) => (c.width = 14));
    await wb.xlsx.writeFile(out);
    return undefined;
  }
  let text: string;
  if (format === 'csv') {
    text = '\uFEFF' + [result.columns.map(csvCell).join(','), ...result.rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
  } else if (format === 'json') {
    text = JSON.stringify(result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, jsonValue(r[i])]))), null, 2) + '\n';
  } else {
    text = renderTable(result.columns, result.rows) + '\n';
  }
  if (out) {
    fs.writeFileSync(out, text);
    return undefined;
  }
  return text;
}
