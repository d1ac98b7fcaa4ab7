import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../core/config.ts';
import type { VillageCounts } from './village-rows.ts';

/**
 * Seed 003's 挂牌 listing rule, with its thresholds read from models/seeds/parameters.csv — the
 * same rows mart_listing reads — so the generator and the warehouse cannot disagree on them.
 */

export interface ListingRule {
  provincialRegistered: number;
  provincialUnlifted: number;
  municipalRegistered: number;
  municipalUnlifted: number;
}

const PARAMETER_NAMES: Record<keyof ListingRule, string> = {
  provincialRegistered: 'listing_province_registered_poor',
  provincialUnlifted: 'listing_province_unlifted',
  municipalRegistered: 'listing_city_registered_poor',
  municipalUnlifted: 'listing_city_unlifted',
};

export const PARAMETERS_FILE = path.join(ROOT, 'models', 'seeds', 'parameters.csv');

/** The thresholds from a parameters file (name, scope, year, value, … — the first four fields are plain). */
export function readListingRule(file = PARAMETERS_FILE): ListingRule {
  const values = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    const [name, scope, year, value] = line.split(',');
    if (name && scope === '*' && !year) values.set(name, Number(value));
  }
  const rule = {} as ListingRule;
  for (const [key, name] of Object.entries(PARAMETER_NAMES) as [keyof ListingRule, string][]) {
    const v = values.get(name);
    if (v === undefined || !Number.isFinite(v)) throw new Error(`${path.relative(ROOT, file)}: 缺少参数 ${name} / parameter ${name} missing`);
    rule[key] = v;
  }
  return Object.freeze(rule);
}

/** 省级 = 建档立卡贫困人口 ≥ a or 未脱贫人口 ≥ b; 市级 = ≥ c or ≥ d, not already 省级. */
export function listingLevel(c: Pick<VillageCounts, 'registeredPeople' | 'unliftedPeople'>, rule: ListingRule): 'provincial' | 'municipal' | null {
  if (c.registeredPeople >= rule.provincialRegistered || c.unliftedPeople >= rule.provincialUnlifted) return 'provincial';
  if (c.registeredPeople >= rule.municipalRegistered || c.unliftedPeople >= rule.municipalUnlifted) return 'municipal';
  return null;
}

export function describeListingRule(rule: ListingRule): string {
  return `省级：建档立卡贫困人口≥${rule.provincialRegistered}或未脱贫人口≥${rule.provincialUnlifted}；市级：≥${rule.municipalRegistered}或≥${rule.municipalUnlifted}（首月数据）`;
}
