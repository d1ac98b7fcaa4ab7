import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../pipelines/contracts/index.ts';
import type { GenerateOptions } from '../../pipelines/generate/campaign.ts';
import type { Manifest } from '../../pipelines/generate/manifest.ts';
import { generateProvince } from '../../pipelines/generate/province-sql.ts';
import { byColumn, readLedger } from './read-ledger.ts';

// The province's DuckDB path on its first county only: same SQL, a few seconds.
let out: string;
let manifest: Manifest;

async function run(dir: string): Promise<Manifest> {
  const o: GenerateOptions = { scale: 'province', months: 2, seed: 9, out: dir, dirt: 0.005, start: '2024-01', formats: ['csv'], incomeLine: 7300 };
  return generateProvince(o, 1);
}

function parseDirtCsv(text: string): { file: string; row: number; kind: string }[] {
  return text.trim().split('\n').slice(1).map((line) => {
    const cells = line.split(',');
    return { file: cells[1] as string, row: Number(cells[3]), kind: cells[6] as string };
  });
}

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-prov-'));
  manifest = await run(out);
});

describe('province scale in DuckDB', () => {
  it('writes the five ledgers per month with contract headers, rejecting only the listed dirt', async () => {
    expect(manifest.files).toHaveLength(10);
    const dirt = parseDirtCsv(fs.readFileSync(path.join(out, manifest.dirtFile!), 'utf8'));
    expect(dirt.length).toBeGreaterThan(0);
    for (const f of manifest.files) {
      const ledger = await readLedger(path.join(out, f.path), f);
      expect(ledger.rows).toHaveLength(f.rows);
      const contract = contracts[f.entity];
      const rows = byColumn(contract, ledger);
      const failing: number[] = [];
      rows.forEach((r, i) => {
        if (!contract.schema.safeParse(r).success) failing.push(i + 2);
      });
      const listed = dirt.filter((d) => d.file === f.path && d.kind !== 'village_total_mismatch').map((d) => d.row);
      expect(failing, f.path).toEqual(listed);
    }
  });

  it('village counts are the roll-up of the households, bar the one broken total', async () => {
    const f = (entity: string) => manifest.files.find((x) => x.month === '2024-02' && x.entity === entity)!;
    const hh = byColumn(contracts.household, await readLedger(path.join(out, f('household').path), f('household')));
    const villages = byColumn(contracts.village, await readLedger(path.join(out, f('village').path), f('village')));
    const people = new Map<string, number>();
    for (const h of hh) people.set(h.village_code!, (people.get(h.village_code!) ?? 0) + Number(h.family_size));
    for (const v of villages) expect(Number(v.agri_population)).toBe(people.get(v.village_code!));
    expect(manifest.summary[1]!.unliftedPeople).toBeLessThan(manifest.summary[0]!.unliftedPeople);
  });

  it('is deterministic', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-prov-b-'));
    const again = await run(dir);
    expect(again.files.map((x) => x.sha256)).toEqual(manifest.files.map((x) => x.sha256));
    const sha = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    expect(sha(path.join(dir, 'dirt.csv'))).toBe(sha(path.join(out, 'dirt.csv')));
    expect(sha(path.join(dir, 'generation.json'))).toBe(sha(path.join(out, 'generation.json')));
  });
});
