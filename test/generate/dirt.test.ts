import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../pipelines/contracts/index.ts';
import { columnsOf, gb11643Valid } from '../../pipelines/contracts/define.ts';
import { generateCampaign } from '../../pipelines/generate/campaign.ts';
import type { Manifest } from '../../pipelines/generate/manifest.ts';
import { byColumn, type Ledger, readLedger } from './read-ledger.ts';

// Row-level dirt the loader must reject; income_mismatch and village_total_mismatch are valid
// cell by cell and are caught by model checks instead.
const REJECTED = new Set(['bad_check_digit', 'missing_required', 'unknown_enum']);
const RATE = 0.01;

let out: string;
let manifest: Manifest;
const ledgers = new Map<string, Ledger>();

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-dirt-'));
  manifest = await generateCampaign({ scale: 'town', months: 3, seed: 11, out, dirt: RATE, start: '2024-01', formats: ['csv', 'xlsx'], incomeLine: 7300 });
  for (const f of manifest.files) ledgers.set(f.path, await readLedger(path.join(out, f.path), f));
});

describe('deliberate dirt', () => {
  it('injects about rate × rows per file, and one village total per month', () => {
    for (const f of manifest.files) {
      const rowDirt = manifest.dirt.filter((d) => d.file === f.path && d.kind !== 'village_total_mismatch').length;
      expect(rowDirt, f.path).toBeGreaterThanOrEqual(Math.floor(f.cleanRows * RATE));
      expect(rowDirt, f.path).toBeLessThanOrEqual(Math.ceil(f.cleanRows * RATE));
      expect(f.rows - f.cleanRows).toBe(manifest.dirt.filter((d) => d.file === f.path && d.kind === 'duplicate_row').length);
    }
    for (const m of manifest.months) expect(manifest.dirt.filter((d) => d.month === m && d.kind === 'village_total_mismatch')).toHaveLength(1);
    for (const kind of ['bad_check_digit', 'duplicate_row', 'income_mismatch', 'missing_required', 'unknown_enum']) {
      expect(manifest.dirtByKind[kind], kind).toBeGreaterThan(0);
    }
  });

  it('each listed dirt is in the file at the listed row and column', () => {
    for (const d of manifest.dirt) {
      const ledger = ledgers.get(d.file)!;
      const f = manifest.files.find((x) => x.path === d.file)!;
      const row = ledger.rows[d.row - f.headerRow - 1]!;
      const col = ledger.headers.indexOf(d.header);
      expect(col, d.header).toBeGreaterThanOrEqual(0);
      expect(row[col], `${d.file} row ${d.row}`).toBe(d.value);
      switch (d.kind) {
        case 'bad_check_digit':
          expect(gb11643Valid(d.value)).toBe(false);
          expect(gb11643Valid(d.was)).toBe(true);
          break;
        case 'duplicate_row':
          expect(row).toEqual(ledger.rows[d.duplicateOf! - f.headerRow - 1]);
          break;
        case 'missing_required':
          expect(d.value).toBe('');
          expect(d.was).not.toBe('');
          break;
        case 'unknown_enum': {
          const spec = columnsOf(contracts[d.entity]).find((c) => c.name === d.column)!;
          expect(spec.values).not.toContain(d.value);
          break;
        }
        case 'income_mismatch':
        case 'village_total_mismatch':
          expect(d.value).not.toBe(d.was);
          break;
      }
    }
  });

  it('the contract rejects exactly the rows listed as rejectable, and keys repeat only where duplicated', () => {
    for (const f of manifest.files) {
      const contract = contracts[f.entity];
      const rows = byColumn(contract, ledgers.get(f.path)!);
      const failing = new Set<number>();
      rows.forEach((r, i) => {
        if (!contract.schema.safeParse(r).success) failing.add(f.headerRow + 1 + i);
      });
      const listed = new Set(manifest.dirt.filter((d) => d.file === f.path && REJECTED.has(d.kind)).map((d) => d.row));
      expect([...failing].sort(), f.path).toEqual([...listed].sort());

      // The whole key: a measure is keyed by household, category and start date together.
      const keyOf = (r: Record<string, string>) => contract.key.map((k) => r[k]).join('|');
      const seen = new Map<string, number>();
      const repeats: number[] = [];
      rows.forEach((r, i) => {
        if (seen.has(keyOf(r))) repeats.push(f.headerRow + 1 + i);
        else seen.set(keyOf(r), i);
      });
      expect(repeats, f.path).toEqual(manifest.dirt.filter((d) => d.file === f.path && d.kind === 'duplicate_row').map((d) => d.row));
    }
  });

  it('clean rows keep their ID check digits; only listed ones are wrong', () => {
    for (const f of manifest.files.filter((x) => x.entity === 'household')) {
      const rows = byColumn(contracts.household, ledgers.get(f.path)!);
      const bad = rows.map((r, i) => [r.id_number!, f.headerRow + 1 + i] as const).filter(([id]) => id !== '' && !gb11643Valid(id)).map(([, n]) => n);
      expect(bad).toEqual(manifest.dirt.filter((d) => d.file === f.path && d.kind === 'bad_check_digit').map((d) => d.row));
    }
  });
});
