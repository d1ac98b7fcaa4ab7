import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { householdContract } from '../../pipelines/contracts/household.ts';
import { villageContract } from '../../pipelines/contracts/village.ts';
import { generateCampaign } from '../../pipelines/generate/campaign.ts';
import type { Manifest } from '../../pipelines/generate/manifest.ts';
import { byColumn, readLedger } from './read-ledger.ts';

// Seed 001 at town scale, a clean 12-month run read back from the files themselves.
let out: string;
let manifest: Manifest;

async function month(m: string) {
  const file = (entity: string) => manifest.files.find((f) => f.month === m && f.entity === entity)!;
  const h = file('household');
  const v = file('village');
  return {
    households: byColumn(householdContract, await readLedger(path.join(out, h.path), h)),
    villages: byColumn(villageContract, await readLedger(path.join(out, v.path), v)),
  };
}

function rollup(households: Record<string, string>[]) {
  const by = new Map<string, Record<string, number>>();
  for (const h of households) {
    const c = by.get(h.village_code!) ?? { hh: 0, people: 0, regHh: 0, regPeople: 0, unHh: 0, unPeople: 0, mon: 0, edge: 0 };
    const size = Number(h.family_size);
    c.hh! += 1;
    c.people! += size;
    if (h.household_type !== '一般户') {
      c.regHh! += 1;
      c.regPeople! += size;
    }
    if (h.household_type === '未脱贫户') {
      c.unHh! += 1;
      c.unPeople! += size;
    }
    if (h.risk_eliminated === '否' && h.monitor_type === '脱贫不稳定户') c.mon! += 1;
    if (h.risk_eliminated === '否' && h.monitor_type === '边缘易致贫户') c.edge! += 1;
    by.set(h.village_code!, c);
  }
  return by;
}

const sum = (rows: Record<string, string>[], col: string) => rows.reduce((n, r) => n + Number(r[col]), 0);
const people = (rows: Record<string, string>[], keep: (r: Record<string, string>) => boolean) => {
  const kept = rows.filter(keep);
  return [kept.length, sum(kept, 'family_size')];
};

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-calib-'));
  manifest = await generateCampaign({ scale: 'town', months: 12, seed: 1, out, dirt: 0, start: '2024-01', formats: ['csv', 'xlsx'], incomeLine: 7300 });
});

describe('seed 001 calibration at town scale', () => {
  it('starts with 2550户10382人, 723户2726人 建档立卡, all 未脱贫: 26.3%', async () => {
    const { households, villages } = await month('2024-01');
    expect(households).toHaveLength(2550);
    expect(sum(households, 'family_size')).toBe(10_382);
    expect(people(households, (h) => h.household_type !== '一般户')).toEqual([723, 2726]);
    expect(people(households, (h) => h.household_type === '未脱贫户')).toEqual([723, 2726]);
    expect(sum(villages, 'agri_households')).toBe(2550);
    expect(sum(villages, 'agri_population')).toBe(10_382);
    expect((sum(villages, 'unlifted_people') / sum(villages, 'agri_population')) * 100).toBeCloseTo(26.3, 1);
    expect(villages.filter((v) => v.village_category !== '非贫困村')).toHaveLength(2);
    expect(new Set(villages.map((v) => (v.village_code as string).slice(0, 9)))).toEqual(new Set(['430321200']));
  });

  it('ends with 10户34人 未脱贫, 13户55人 监测户, 26户103人 边缘户: 0.33%', async () => {
    const { households, villages } = await month('2024-12');
    expect(people(households, (h) => h.household_type === '未脱贫户')).toEqual([10, 34]);
    expect(people(households, (h) => h.monitor_type === '脱贫不稳定户' && h.risk_eliminated === '否')).toEqual([13, 55]);
    expect(people(households, (h) => h.monitor_type === '边缘易致贫户' && h.risk_eliminated === '否')).toEqual([26, 103]);
    expect(sum(households, 'family_size')).toBe(10_382);
    expect((sum(villages, 'unlifted_people') / 10_382) * 100).toBeCloseTo(0.33, 2);
    // Some monitored households were eliminated along the way, some relapsed.
    expect(households.some((h) => h.monitor_type === '脱贫不稳定户' && h.risk_eliminated === '是')).toBe(true);
  });

  it('every month, village counts are the roll-up of that month’s households', async () => {
    for (const m of manifest.months) {
      const { households, villages } = await month(m);
      const r = rollup(households);
      for (const v of villages) {
        const c = r.get(v.village_code as string)!;
        expect([v.agri_households, v.agri_population, v.registered_poor_households, v.registered_poor_people, v.unlifted_households, v.unlifted_people, v.monitored_households, v.edge_households].map(Number), `${m} ${v.village_code}`).toEqual([
          c.hh, c.people, c.regHh, c.regPeople, c.unHh, c.unPeople, c.mon, c.edge,
        ]);
      }
    }
  });

  it('the remaining poor fall month by month and lag in a few villages', () => {
    const unlifted = manifest.summary.map((s) => s.unliftedPeople);
    for (let i = 1; i < unlifted.length; i++) expect(unlifted[i]).toBeLessThanOrEqual(unlifted[i - 1]!);
    expect(manifest.summary[5]!.unliftedPeople).toBeLessThan(2726 * 0.2);
  });

  it('most households are above the 7300元 line, with a tail below it', async () => {
    const { households } = await month('2024-12');
    const below = households.filter((h) => Number(h.net_income_per_capita) < 7300).length / households.length;
    expect(below).toBeGreaterThan(0.01);
    expect(below).toBeLessThan(0.1);
    for (const h of households) {
      const net = (Number(h.wage_income) + Number(h.business_income) + Number(h.transfer_income) + Number(h.property_income) - Number(h.business_cost)) / Number(h.family_size);
      expect(Math.abs(net - Number(h.net_income_per_capita))).toBeLessThan(0.01);
    }
  });

  it('issues close with a lag, and funds are paid along the year', () => {
    const last = manifest.summary.at(-1)!;
    expect(last.issuesClosed / last.issues).toBeGreaterThan(0.9);
    expect(last.issuesClosed).toBeLessThan(last.issues);
    const mid = manifest.summary[5]!;
    expect(mid.paidYuan / mid.allocatedYuan).toBeGreaterThan(0.2);
    expect(mid.paidYuan / mid.allocatedYuan).toBeLessThan(0.8);
    expect(last.paidYuan / last.allocatedYuan).toBeGreaterThan(0.8);
  });
});
