import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { openSource, ReadError } from '../../pipelines/readers/index.ts';
import { openXls } from '../../pipelines/readers/xls.ts';
import { tempDir } from '../helpers/warehouse.ts';

const dir = tempDir('xls');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = ['问题编号', '行政村代码', '问题来源', '问题类别', '问题描述', '发现日期', '整改时限', '责任单位', '整改状态', '销号日期'];
// 2024-05-02 as an Excel serial date (days since 1899-12-30), with a date format, as WPS stores it.
const MAY_2 = { t: 'n', v: 45414, z: 'yyyy-mm-dd' };
const row = (id: string) => [id, '430321200001', '督战', '饮水安全', '水压不足', MAY_2, '2024-06-30', '乡水利站', '已销号', 1234.5];

/** Writes an old-format workbook (BIFF8) with SheetJS, as WPS's 另存为 .xls does. */
function xls(name: string, sheets: Record<string, unknown[][]>): string {
  const wb = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) {
    const ws = XLSX.utils.aoa_to_sheet(rows.map((r) => r.map((c) => (c && typeof c === 'object' ? null : c))));
    rows.forEach((r, i) => r.forEach((c, j) => {
      if (c && typeof c === 'object') ws[XLSX.utils.encode_cell({ r: i, c: j })] = c;
    }));
    XLSX.utils.book_append_sheet(wb, ws, sheet);
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }));
  return file;
}

function csvRows(csvPath: string): string[][] {
  return fs.readFileSync(csvPath, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
}

describe('XLS reader', () => {
  it('reads the first sheet below a title row: headers, row numbers, dates as 2024-05-02', async () => {
    const f = xls('问题台账.xls', {
      台账: [['白石乡2024年6月问题整改台账'], HEADER, row('X1'), [], row('X2')],
      说明: [['填表说明']],
    });
    expect(fs.readFileSync(f).subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    const src = await openXls(f);
    try {
      expect(src).toMatchObject({ sheet: '台账', entity: 'issue', headers: HEADER, expectedRows: 2, rowNumbers: { kind: 'column' } });
      expect(csvRows(src.csvPath)).toEqual([
        ['3', 'X1', '430321200001', '督战', '饮水安全', '水压不足', '2024-05-02', '2024-06-30', '乡水利站', '已销号', '1234.5'],
        ['5', 'X2', '430321200001', '督战', '饮水安全', '水压不足', '2024-05-02', '2024-06-30', '乡水利站', '已销号', '1234.5'],
      ]);
    } finally {
      src.dispose();
    }
  });

  it('reads the named sheet, and says which exist when it is missing', async () => {
    const f = xls('多表.xls', { 封面: [['封面']], 六月: [HEADER, row('Y1')] });
    const src = await openSource(f, { sheet: '六月' });
    try {
      expect(src.sheet).toBe('六月');
      expect(csvRows(src.csvPath).map((r) => [r[0], r[1]])).toEqual([['2', 'Y1']]);
    } finally {
      src.dispose();
    }
    await expect(openXls(f, { sheet: '七月' })).rejects.toThrow(/找不到工作表“七月”.*封面、六月/);
  });

  it('opens a WPS .et workbook through openSource', async () => {
    const src = await openSource(xls('农户.et', { Sheet1: [HEADER, row('Z1')] }));
    try {
      expect(src.headers).toEqual(HEADER);
      expect(csvRows(src.csvPath)[0]!.slice(0, 2)).toEqual(['2', 'Z1']);
    } finally {
      src.dispose();
    }
  });

  it('a workbook without a header is a ReadError', async () => {
    const f = xls('无表头.xls', { Sheet1: [['a', 'b'], [1, 2]] });
    await expect(openXls(f)).rejects.toBeInstanceOf(ReadError);
    await expect(openXls(f)).rejects.toThrow(/找不到可识别的表头/);
  });
});
