/**
 * The loader's fast path (cells already in an accepted form cast at once) must write exactly what
 * the slow path (every cell normalised and judged in full) writes: same raw rows with the same
 * lineage, same rejects and warnings with the same messages. A mixed-layout campaign with dirt
 * exercises names instead of codes, units, synonyms, full-width digits, .xlsx and refused rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareLoadPaths } from '../../pipelines/bench/equivalence.ts';
import { generateCampaign } from '../../pipelines/generate/campaign.ts';
import { memoryWarehouse, tempDir } from '../helpers/warehouse.ts';

describe('the fast path and the slow path', () => {
  it('write the same raw rows, rejects and warnings, row for row', async () => {
    const out = path.join(tempDir('paths'), 'data');
    await generateCampaign({ scale: 'town', months: 2, seed: 11, out, dirt: 0.03, start: '2024-05', formats: ['csv', 'xlsx'], incomeLine: 7300, layout: 'mixed' });
    // A month of issues in a town's own spellings: synonyms, an unknown source (a warning), full-width
    // digits, a date for the month, and rows refused for a bad code and a bad date.
    const issue = (id: string, code: string, source: string, found: string, month: string) =>
      [id, code, source, '饮水安全', '水压不足', found, '2024-08-30', '乡水利站', '整改中', '', month].join(',');
    fs.mkdirSync(path.join(out, '2024-07'), { recursive: true });
    fs.writeFileSync(path.join(out, '2024-07', '问题整改台账.csv'), [
      '问题编号,行政村代码,问题来源,问题类别,问题描述,发现日期,整改时限,责任单位,整改状态,销号日期,数据月份',
      issue('Q-1', '430321200001', '回头看大排查', '2024/7/2', '2024年7月'),
      issue('Q-2', '４３０３２１２００００１', '上级交办', ' 2024-07-03 ', '2024-07-01'),
      issue('Q-3', '43032120000', '巡视巡察', '2024-07-04', '2024-07'),
      issue('Q-4', '430321200001', '督战', '2024-13-04', '2024-07'),
    ].join('\r\n') + '\r\n');
    const wh = await memoryWarehouse();
    try {
      const e = await compareLoadPaths(wh, [out]);
      const by = Object.fromEntries(e.tables.map((t) => [t.table, t]));
      // Something of every kind was written, or the comparison proves nothing.
      for (const t of ['raw.household', 'raw.village', 'raw.issue', 'raw.fund_allocation', 'raw.fund_payment', 'raw.rejects', 'raw.warnings']) {
        expect(by[t]?.rows, t).toBeGreaterThan(0);
      }
      expect(e.tables.filter((t) => t.onlyFast + t.onlySlow > 0)).toEqual([]);
    } finally {
      wh.close();
    }
  }, 300_000);
});
