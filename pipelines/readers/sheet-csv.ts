import fs from 'node:fs';
import type { EntityName } from '../../core/glossary.ts';
import path from 'node:path';
import { locateHeader } from './csv.ts';
import { sha256File } from './file-hash.ts';
import { ReadError } from './read-error.ts';
import type { SourceFile } from './source-file.ts';
import { csvCell, makeTempDir } from './temp.ts';

/**
 * What the workbook readers (.xlsx, .xls) share: a sheet's rows, as text with their spreadsheet
 * row numbers, become a UTF-8 CSV whose first column is that row number, below the header found
 * among the first rows.
 */

export const HEAD_ROWS = 30;

export interface SheetRow {
  number: number;
  cells: string[];
}

/** A number cell as the user sees it: integers as is, decimals to at most six places. */
export function numberText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
}

export interface SheetCsv {
  sheet: string;
  headers: string[];
  entity: EntityName;
  written: number;
}

/** The SourceFile for a sheet that `write` copies into a CSV in a private temp folder. */
export async function openSheetAsCsv(file: string, prefix: string, write: (csvPath: string) => Promise<SheetCsv>): Promise<SourceFile> {
  const tmp = makeTempDir(prefix);
  const csvPath = path.join(tmp.dir, 'sheet.csv');
  try {
    const { sheet, headers, entity, written } = await write(csvPath);
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

export async function writeSheetCsv(
  rows: AsyncIterable<SheetRow> | Iterable<SheetRow>,
  sheet: string,
  file: string,
  csvPath: string,
  entity: EntityName | undefined,
): Promise<SheetCsv> {
  // Opened once the header is found, so a sheet without one leaves no pending open behind.
  let out: fs.WriteStream | undefined;
  const head: SheetRow[] = [];
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
    const stream = (out ??= fs.createWriteStream(csvPath, { encoding: 'utf8' }));
    if (!stream.write(line)) return new Promise<void>((resolve) => stream.once('drain', resolve));
    return undefined;
  };
  try {
    for await (const row of rows) {
      if (!header) {
        head.push(row);
        if (head.length < HEAD_ROWS) continue;
        header = pickHeader(head, entity, file);
        for (const r of head.slice(header.index + 1)) await write(r.number, r.cells);
        continue;
      }
      await write(row.number, row.cells);
    }
    if (!header) {
      if (head.length === 0) throw new ReadError(file, `工作表“${sheet}”为空`, `sheet "${sheet}" is empty`);
      header = pickHeader(head, entity, file);
      for (const r of head.slice(header.index + 1)) await write(r.number, r.cells);
    }
  } catch (error) {
    // Let the file close before the caller removes its folder.
    if (out) await new Promise<void>((resolve) => out!.destroy().once('close', () => resolve()));
    throw error;
  }
  out ??= fs.createWriteStream(csvPath, { encoding: 'utf8' });
  const done = out;
  await new Promise<void>((resolve, reject) => done.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { sheet, headers: head[header.index]!.cells.map((c) => c.trim()), entity: header.entity, written };
}

function pickHeader(head: SheetRow[], entity: EntityName | undefined, file: string) {
  const found = locateHeader(head.map((r) => r.cells), entity, file);
  return { ...found, width: head[found.index]!.cells.length };
}
