import fs from 'node:fs';
import path from 'node:path';
import { gb11643CheckChar } from '../../pipelines/contracts/define.ts';

/** The household export's header as offices write it (a subset: the required columns and a few more). */
export const HOUSEHOLD_HEADER = ['户编号', '行政村代码', '户主姓名', '证件号码', '家庭人口数', '劳动力人数', '户类型', '享受低保', '数据月份'];

export interface HouseholdOptions {
  /** 12-digit village codes; each gets `perVillage` households. */
  villages: string[];
  perVillage: number;
  month: string;
}

/** Valid household rows (cells as text), deterministic, with GB 11643 check digits that hold. */
export function householdRows(o: HouseholdOptions): string[][] {
  const rows: string[][] = [];
  for (const v of o.villages) {
    for (let i = 1; i <= o.perVillage; i++) {
      const first17 = `${v.slice(0, 6)}1960${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
      rows.push([`${v}-${String(i).padStart(4, '0')}`, v, `户主${i}`, first17 + gb11643CheckChar(first17), String(2 + (i % 4)), String(i % 2), ['一般户', '脱贫户', '未脱贫户'][i % 3]!, i % 2 ? '是' : '否', o.month]);
    }
  }
  return rows;
}

/** Cells → one CSV line (quotes only where needed). */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
}

/** Writes rows (the header first) as a UTF-8 CSV at <dir>/<month>/<name>, as Excel writes it, and returns its path. */
export function writeMonthCsv(dir: string, month: string, name: string, rows: readonly (readonly string[])[]): string {
  const file = path.join(dir, month, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, rows.map(csvLine).join('\r\n') + '\r\n');
  return file;
}

/** Writes a household CSV (UTF-8, CRLF, as Excel writes it) and returns its path. */
export function writeHouseholdCsv(file: string, rows: string[][], header = HOUSEHOLD_HEADER): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [header, ...rows].map(csvLine).join('\r\n') + '\r\n');
  return file;
}
