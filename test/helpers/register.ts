import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { loadPaths } from '../../pipelines/load.ts';
import iconv from 'iconv-lite';
import { SAMPLE } from './warehouse.ts';

export { writeMonthCsv } from './households.ts';

/**
 * Loads the sample's register (石门村 430321200001, 双桥村 430321200002 and 花园村 of 白石乡, 湘潭县) plus a second 石门村 in 花石镇 (430321101001), so a name can be ambiguous.
 */
export async function loadTwinRegister(wh: Warehouse, dir: string, month: string): Promise<void> {
  const file = path.join(SAMPLE, month, '村基本情况.csv');
  const lines = iconv.decode(fs.readFileSync(file), 'gb18030').trimEnd().split('\r\n'); // the generator writes it in GBK
  const twin = lines[1]!.replace('430321200001,石门村,白石乡', '430321101001,石门村,花石镇');
  const copy = path.join(dir, 'register', month, '村基本情况.csv');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.writeFileSync(copy, [...lines, twin].join('\r\n') + '\r\n');
  const [r] = await loadPaths(wh, [copy]);
  expect(r!.status).toBe('loaded');
}
