import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCampaign, type GenerateOptions } from '../../pipelines/generate/campaign.ts';

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

async function run(seed: number): Promise<Map<string, string>> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `gen-det-${seed}-`));
  const o: GenerateOptions = { scale: 'town', months: 2, seed, out, dirt: 0.01, start: '2024-05', formats: ['csv', 'xlsx'], incomeLine: 7300 };
  await generateCampaign(o);
  return hashes(out);
}

describe('determinism', () => {
  it('the same seed gives byte-identical files, XLSX and manifest included', async () => {
    const a = await run(3);
    // A different second on the clock must not matter (exceljs stamps zip entries with the time).
    await new Promise((r) => setTimeout(r, 2100));
    const b = await run(3);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect([...a.keys()].some((k) => k.endsWith('.xlsx'))).toBe(true);
    expect([...a.keys()]).toContain('generation.json');
    expect([...a.keys()]).toContain(path.join('geo', 'villages.geojson'));
    for (const [k, h] of a) expect(b.get(k), k).toBe(h);
  });

  it('a different seed gives different data', async () => {
    const a = await run(3);
    const c = await run(4);
    for (const [k, h] of a) if (!k.endsWith('.geojson')) expect(c.get(k), k).not.toBe(h);
  });
});
