import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { csvLine } from './households.ts';
import { SAMPLE } from './warehouse.ts';

/** Writes a CSV (UTF-8, CRLF, as Excel writes it) under dir/month/name and returns its path. */
export function writeMonthCsv(dir: string, month: string, name: string, rows: string[][]): string {
  const file = path.join(dir, month, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, rows.map(csvLine).join('\r\n') + '\r\n');
  return file;
}

/**
 * Loads the sample's register (石门村 430321200001 and 双桥村 430321200002 of 白石乡, 湘潭县; its
 * 花园村 row is a planted reject) plus a second 石门村 in 花石镇 (430321101001), so a name can be ambiguous.
 */
export async function loadTwinRegister(wh: Warehouse, dir: string, month: string): Promise<void> {
  const file = path.join(SAMPLE, month, '村基本情况.csv');
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  const twin = lines[1]!.replace('430321200001,石门村,白石乡', '430321101001,石门村,花石镇');
  const copy = path.join(dir, 'register', month, '村基本情况.csv');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.writeFileSync(copy, [...lines, twin].join('\r\n') + '\r\n');
  const [r] = await loadPaths(wh, [copy]);
  expect(r!.status).toBe('loaded');
}
