import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnsOf, gb11643Valid } from '../../pipelines/contracts/define.ts';
import { householdContract } from '../../pipelines/contracts/household.ts';
import { generateCampaign } from '../../pipelines/generate/campaign.ts';
import { idNumber } from '../../pipelines/generate/identities.ts';
import type { Manifest } from '../../pipelines/generate/manifest.ts';
import { byColumn, readLedger } from './read-ledger.ts';

let out: string;
let manifest: Manifest;
let rows: Record<string, string>[];

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-ids-'));
  manifest = await generateCampaign({ scale: 'town', months: 1, seed: 5, out, dirt: 0, start: '2024-01', formats: ['csv', 'xlsx'], incomeLine: 7300 });
  const f = manifest.files.find((x) => x.entity === 'household')!;
  rows = byColumn(householdContract, await readLedger(path.join(out, f.path), f));
});

describe('fake identifiers', () => {
  it('ID numbers: county code, plausible birth date, valid GB 11643 check digit, unique', () => {
    for (const r of rows) {
      const id = r.id_number!;
      expect(gb11643Valid(id), id).toBe(true);
      expect(id.slice(0, 6)).toBe('430321');
      const year = Number(id.slice(6, 10));
      expect(year).toBeGreaterThanOrEqual(1944);
      expect(year).toBeLessThanOrEqual(1999);
      const d = new Date(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}T00:00:00Z`);
      expect(Number.isNaN(d.getTime())).toBe(false);
    }
    expect(new Set(rows.map((r) => r.id_number)).size).toBe(rows.length);
    // Heads are mostly men: the sequence code is odd.
    const male = rows.filter((r) => Number(r.id_number![16]) % 2 === 1).length / rows.length;
    expect(male).toBeGreaterThan(0.75);
  });

  it('ID numbers stay unique for a county of 100k households', () => {
    const ids = new Set<string>();
    for (let k = 0; k < 100_000; k++) ids.add(idNumber(1, '430321', k, k % 7 !== 0));
    expect(ids.size).toBe(100_000);
  });

  it('names, phones and 户编号 look real and match the contract', () => {
    const idSpec = columnsOf(householdContract).find((c) => c.name === 'household_id')!;
    const pattern = new RegExp(`^(?:${idSpec.pattern!.regex})$`);
    for (const r of rows) {
      expect(r.head_name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      if (r.phone) expect(r.phone).toMatch(/^1(3\d|5[0-35-9]|8\d)\d{8}$/);
      expect(r.household_id).toMatch(pattern);
      expect(r.household_id).toMatch(/^43032120\d{4}-\d{4}$/);
    }
    const surnames = new Set(rows.map((r) => r.head_name!.slice(0, 1)));
    expect(surnames.size).toBeGreaterThan(30);
    expect(rows.filter((r) => r.phone).length / rows.length).toBeGreaterThan(0.7);
  });
});
