import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { columnsOf, type Contract } from '../../pipelines/contracts/define.ts';
import type { ManifestFile } from '../../pipelines/generate/manifest.ts';

/** Reads a generated ledger back the way a user's tool would: by encoding, or from the XLSX sheet. */

export interface Ledger {
  headers: string[];
  /** Data rows; rows[i] is spreadsheet row headerRow + 1 + i. */
  rows: string[][];
  title: string | null;
}

function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r') continue;
    else if (ch === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

export async function readLedger(file: string, meta: Pick<ManifestFile, 'format' | 'encoding' | 'headerRow'>): Promise<Ledger> {
  let table: string[][];
  if (meta.format === 'csv') {
    const bytes = fs.readFileSync(file);
    let text: string;
    if (meta.encoding === 'gb18030') text = iconv.decode(bytes, 'gb18030');
    else {
      text = bytes.toString('utf8');
      if (meta.encoding === 'utf-8-bom') {
        if (text.charCodeAt(0) !== 0xfeff) throw new Error(`${file}: BOM expected`);
        text = text.slice(1);
      }
    }
    table = parseCsv(text);
  } else if (meta.format === 'xls') {
    const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer', cellNF: true });
    const ws = wb.Sheets[wb.SheetNames[0] as string];
    if (!ws) throw new Error(`${file}: no sheet`);
    table = (XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: '', blankrows: true }) as unknown[][]).map((r, i) =>
      r.map((v, c) => {
        const cell = ws[XLSX.utils.encode_cell({ r: i, c })] as XLSX.CellObject | undefined;
        if (cell?.t === 'n' && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) {
          const d = XLSX.SSF.parse_date_code(cell.v as number);
          return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
        }
        return String(v);
      }),
    );
  } else {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error(`${file}: no sheet`);
    table = [];
    const width = ws.columnCount;
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) {
        const v = row.getCell(c).value;
        cells.push(v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
      }
      table[n - 1] = cells;
    });
  }
  const headers = table[meta.headerRow - 1] as string[];
  return {
    headers,
    rows: table.slice(meta.headerRow),
    title: meta.headerRow > 1 ? ((table[0] as string[])[0] ?? null) : null,
  };
}

/** Rows as objects keyed by contract column name, via each column's written header. */
export function byColumn(contract: Contract, ledger: Ledger): Record<string, string>[] {
  const cols = columnsOf(contract);
  const idx = cols.map((c) => ledger.headers.indexOf(c.headers[0]));
  return ledger.rows.map((r) => Object.fromEntries(cols.map((c, i) => [c.name, r[idx[i] as number] ?? ''])));
}
