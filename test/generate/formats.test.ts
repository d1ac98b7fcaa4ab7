import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writtenColumnsOf } from '../../pipelines/contracts/define.ts';
import { contracts } from '../../pipelines/contracts/index.ts';
import { generateCampaign } from '../../pipelines/generate/campaign.ts';
import type { FileFormat } from '../../pipelines/generate/ledger-writer.ts';
import { readLedger } from './read-ledger.ts';

async function month1(formats: FileFormat[]) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `gen-fmt-${formats.join('-')}-`));
  const manifest = await generateCampaign({ scale: 'town', months: 1, seed: 2, out, dirt: 0, start: '2024-06', formats, incomeLine: 7300 });
  return { out, manifest };
}

describe('file formats', () => {
  it('mixes GBK CSV, UTF-8 CSV with BOM, and XLSX under a title row; headers come from the contracts', async () => {
    const { out, manifest } = await month1(['csv', 'xlsx']);
    const names = fs.readdirSync(path.join(out, '2024-06')).sort();
    expect(names).toEqual(['农户信息.csv', '村基本情况.csv', '资金下达台账.csv', '资金支出台账.xlsx', '问题整改台账.xlsx', '督导记录.xlsx', '帮扶措施台账.csv'].sort());
    const byEntity = new Map(manifest.files.map((f) => [f.entity, f]));
    expect(byEntity.get('village')!.encoding).toBe('gb18030');
    expect(byEntity.get('household')!.encoding).toBe('utf-8-bom');
    const gbk = fs.readFileSync(path.join(out, byEntity.get('village')!.path));
    expect(gbk.includes(Buffer.from('行政村', 'utf8'))).toBe(false); // really not UTF-8
    for (const f of manifest.files) {
      const ledger = await readLedger(path.join(out, f.path), f);
      expect(ledger.headers).toEqual(writtenColumnsOf(contracts[f.entity]).map((c) => c.headers[0]));
      expect(ledger.rows.every((r) => r[ledger.headers.indexOf('数据月份')] === '2024-06')).toBe(true);
      if (f.entity === 'issue') expect(ledger.title).toBe('湘潭县2024年6月问题整改台账');
      if (f.entity === 'supervision_visit') expect(ledger.title).toBe('湘潭县2024年6月督导记录');
    }
  });

  it('writes every file in the one format allowed', async () => {
    for (const formats of [['csv'], ['xlsx']] as FileFormat[][]) {
      const { out, manifest } = await month1(formats);
      expect(fs.readdirSync(path.join(out, '2024-06')).every((n) => n.endsWith(`.${formats[0]}`))).toBe(true);
      for (const f of manifest.files) expect((await readLedger(path.join(out, f.path), f)).rows).toHaveLength(f.rows);
    }
  });
});
