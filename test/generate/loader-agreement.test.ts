import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../core/warehouse.ts';
import { generateCampaign } from '../../pipelines/generate/campaign.ts';
import { loadPaths } from '../../pipelines/load.ts';

// The point of the manifest: the loader rejects exactly the listed row-level dirt (both rows of a
// duplicated key) and nothing else. income_mismatch and village_total_mismatch are model checks.
describe('generated dirt against the loader', () => {
  it('the loader rejects exactly the rows the manifest lists', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-load-'));
    const manifest = await generateCampaign({ scale: 'town', months: 2, seed: 11, out: path.join(out, 'files'), dirt: 0.01, start: '2024-01', formats: ['csv', 'xlsx'], incomeLine: 7300 });
    const wh = await Warehouse.open(path.join(out, 'test.duckdb'));
    try {
      const results = await loadPaths(wh, [path.join(out, 'files')], {});
      expect(results.filter((r) => r.status === 'failed')).toEqual([]);
      const rejects = await wh.all<{ source_file: string; row_number: number }>('select distinct source_file, row_number from raw.rejects');
      const got = rejects.map((r) => `${path.relative(path.join(out, 'files'), r.source_file)}#${r.row_number}`).sort();
      const want = new Set<string>();
      for (const d of manifest.dirt) {
        if (d.kind === 'income_mismatch' || d.kind === 'village_total_mismatch') continue;
        want.add(`${d.file}#${d.row}`);
        if (d.duplicateOf !== undefined) want.add(`${d.file}#${d.duplicateOf}`);
      }
      expect(got).toEqual([...want].sort());
    } finally {
      wh.close();
    }
  });
});
