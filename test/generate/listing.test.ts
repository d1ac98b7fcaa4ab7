import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listByRule } from '../../pipelines/generate/campaign.ts';
import { listingLevel, readListingRule } from '../../pipelines/generate/listing.ts';

describe('挂牌 listing rule read from models/seeds/parameters.csv', () => {
  it('has seed 003’s thresholds', () => {
    expect(readListingRule()).toEqual({ provincialRegistered: 500, provincialUnlifted: 30, municipalRegistered: 300, municipalUnlifted: 20 });
  });

  it('follows the file: other thresholds list other villages', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listing-'));
    const file = path.join(dir, 'parameters.csv');
    const text = fs.readFileSync(path.resolve('models/seeds/parameters.csv'), 'utf8').replace(/^listing_province_unlifted,\*,,30,/m, 'listing_province_unlifted,*,,10,');
    fs.writeFileSync(file, text);
    const rule = readListingRule(file);
    expect(rule.provincialUnlifted).toBe(10);
    const counts = [{ registeredPeople: 120, unliftedPeople: 12 }, { registeredPeople: 320, unliftedPeople: 0 }, { registeredPeople: 50, unliftedPeople: 2 }];
    expect(counts.map((c) => listingLevel(c, readListingRule()))).toEqual([null, 'municipal', null]);
    expect(counts.map((c) => listingLevel(c, rule))).toEqual(['provincial', 'municipal', null]);
    const full = counts.map((c) => ({ ...c, households: 0, people: 0, registeredHouseholds: 0, unliftedHouseholds: 0, monitoredHouseholds: 0, monitoredPeople: 0, edgeHouseholds: 0, edgePeople: 0 }));
    expect(listByRule(['A', 'B', 'C'], full, rule)).toMatchObject({ provincial: ['A'], municipal: ['B'], rule: expect.stringContaining('未脱贫人口≥10') });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a parameters file without the listing rows is an error, not a silent default', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listing-'));
    const file = path.join(dir, 'parameters.csv');
    fs.writeFileSync(file, 'name,scope,year,value,unit,label,source,version\nincome_line,*,2024,4000,元,收入线,seed 001,1\n');
    expect(() => readListingRule(file)).toThrow(/listing_province_registered_poor/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
