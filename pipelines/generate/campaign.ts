import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityName } from '../../core/glossary.ts';
import { Calendar } from './calendar.ts';
import type { RowShape } from './cells.ts';
import { breakVillageTotal, type DirtEntry, injectDirt, plantOtherValues } from './dirt.ts';
import { allocationRow, allocationShape, numberFunds, paymentRow, paymentShape, planCountyFunds, planTownFunds } from './funds.ts';
import { buildGeo, type GeoLayers, readBoundaries } from './geo.ts';
import { householdRow, householdShape } from './household-rows.ts';
import { type HouseholdPlan, planTownHouseholds } from './households.ts';
import { issueRow, issueShape, issueStatus, type IssuePlan, planTownIssues } from './issues.ts';
import { fileHabits, type Habit, type Layout, namesTowns, type PlaceNames, spellFile } from './layout.ts';
import { type LedgerFile, LEDGER_FILES, specFor } from './ledger-files.ts';
import { describeListingRule, listingLevel, type ListingRule, readListingRule } from './listing.ts';
import { measureRow, measureShape, planMeasures } from './measures.ts';
import { type Listing, planVisits, visitRow, visitShape } from './supervision.ts';
import { type FileFormat, writeLedger } from './ledger-writer.ts';
import type { Manifest, ManifestFile, MonthSummary } from './manifest.ts';
import { allVillages, type Geography, planGeography, type Scale } from './places.ts';
import { hash32, Rng } from './random.ts';
import { addHousehold, emptyCounts, sumCounts, type VillageCounts, villageFacts, villageRow, villageShape } from './village-rows.ts';

/**
 * Generates a demo campaign: plans every household, issue and payment for the run, then writes
 * each month's seven files as views of those plans at the month's end, with dirt and a manifest.
 * Town, county and city scales run here in JS; the province scale runs in DuckDB (province-sql.ts).
 */

export interface GenerateOptions {
  scale: Scale;
  months: number;
  seed: number;
  out: string;
  /** Share of rows spoiled per file and month; 0 = clean. */
  dirt: number;
  /** First month, '2024-01'. */
  start: string;
  formats: FileFormat[];
  /** 元 per person per year. */
  incomeLine: number;
  /** A folder holding real villages.geojson / towns.geojson / counties.geojson to use instead. */
  boundaries?: string;
  /** Spelling of the files (layout.ts); 'codes' when absent. */
  layout?: Layout;
  /** With layout 'mixed': share of towns written in names habits (0.5 when absent). */
  layoutShare?: number;
  /**
   * Plan county-level 衔接资金 projects too (allocated to the county, paid by 项目编号 only).
   * Defaults to on for layouts other than 'codes', so 'codes' alone writes the files it always did;
   * set it for a codes run that describes the same campaign as a names run.
   */
  countyFunds?: boolean;
  /** City scale: the city's households (湘潭市's 250,000 when absent); see planGeography. */
  households?: number;
  log?: (line: string) => void;
}

export const DEFAULTS = {
  months: 12, seed: 1, dirt: 0.005, start: '2024-01', formats: ['csv', 'xlsx'] as FileFormat[], incomeLine: 7300, layout: 'codes' as Layout, layoutShare: 0.5,
};

/**
 * The layout `npm run demo` writes. It should be 'mixed' (some towns in their own habits), once
 * the loader resolves villages by name; until then the demo stays on 'codes'.
 */
export const DEMO_LAYOUT: Layout = 'mixed';


export async function generateCampaign(o: GenerateOptions): Promise<Manifest> {
  const log = o.log ?? (() => {});
  const calendar = new Calendar(o.start, o.months);
  const geo = planGeography(o.scale, o.seed, { households: o.households });
  const t0 = performance.now();

  // Plans for the whole run.
  const households: HouseholdPlan[] = [];
  const issues: IssuePlan[] = [];
  const townHouseholds = new Map<string, HouseholdPlan[]>();
  for (const county of geo.counties) {
    let ordinal = 0;
    for (const town of county.towns) {
      const hs = planTownHouseholds({ seed: o.seed, calendar, county, town, firstOrdinal: ordinal });
      ordinal += hs.length;
      townHouseholds.set(town.code, hs);
      for (const h of hs) households.push(h);
      for (const i of planTownIssues(o.seed, calendar, county, town, hs)) issues.push(i);
    }
  }
  const byVillage = new Map<string, HouseholdPlan[]>();
  for (const h of households) {
    const list = byVillage.get(h.village.code) ?? [];
    list.push(h);
    byVillage.set(h.village.code, list);
  }
  const places = allVillages(geo);
  const countsAt = (m: number) =>
    places.map(({ village }) => {
      const c = emptyCounts();
      for (const h of byVillage.get(village.code) ?? []) addHousehold(c, h, m);
      return c;
    });
  const monthCounts = calendar.months.map((cm) => countsAt(cm.index));
  const listing = listVillages(geo, monthCounts[0]!);
  const listed = new Set(listing.provincial);
  const layout = o.layout ?? 'codes';
  const countyFunds = o.countyFunds ?? layout !== 'codes';
  const projects = geo.counties.flatMap((c) => [
    ...c.towns.flatMap((t) => planTownFunds(o.seed, calendar, t, townHouseholds.get(t.code) ?? [], listed)),
    ...(countyFunds ? planCountyFunds(o.seed, calendar, c) : []),
  ]);
  const scopeCode = o.scale === 'city' ? '4303' : (geo.counties[0]?.code as string);
  const { allocations, payments } = numberFunds(projects, scopeCode, calendar.months[0]!.year);
  const facts = new Map(places.map(({ village }) => [village.code, villageFacts(o.seed, village, calendar)]));
  // Visits follow the listing as the warehouse computes it each month (mart_listing: the rule on that month's figures).
  const rule = readListingRule();
  const listedAt = monthCounts.map((counts) => {
    const out = new Map<string, Listing>();
    places.forEach(({ village }, i) => {
      const level = listingLevel(counts[i] as VillageCounts, rule);
      if (level) out.set(village.code, level);
    });
    return out;
  });
  const visits = planVisits(o.seed, calendar, places, listedAt, issues);
  const measures = planMeasures(o.seed, calendar, households);
  log(`计划完成 / planned: ${households.length.toLocaleString()} 户, ${issues.length.toLocaleString()} 个问题, ${allocations.length.toLocaleString()} 笔下达, ${payments.length.toLocaleString()} 笔支出, ${visits.length.toLocaleString()} 次督导, ${measures.length.toLocaleString()} 条帮扶措施 (${((performance.now() - t0) / 1000).toFixed(1)}s)`);

  const named = namesTowns(o.seed, layout, o.layoutShare ?? DEFAULTS.layoutShare, geo.counties.flatMap((c) => c.towns.map((t) => t.code)));
  const placeNames = namesOfPlaces(geo);
  // Payments that cite only the 项目编号: every county-level project, and a third of a names town's projects.
  const projectOnly = new Set(allocations.filter((a) => a.village === null || (named.has(a.areaCode.slice(0, 9)) && hash32(o.seed, 'project-only', a.projectId) % 3 === 0)).map((a) => a.projectId));
  const split: Split = { layout, named, projectOnly, towns: townsByCode(geo) };

  fs.mkdirSync(o.out, { recursive: true });
  const files: ManifestFile[] = [];
  const dirt: DirtEntry[] = [];
  const summary: MonthSummary[] = [];

  for (const cm of calendar.months) {
    const m = cm.index;
    const tm = performance.now();
    const dir = path.join(o.out, cm.month);
    fs.mkdirSync(dir, { recursive: true });
    const counts = monthCounts[m]!;
    const rows: Record<EntityName, string[][]> = {
      village: places.map(({ county, town, village }, i) => villageRow(county, town, village, facts.get(village.code)!, counts[i] as VillageCounts, m, calendar)),
      household: households.map((h) => householdRow(h, m, calendar, o.incomeLine)),
      issue: issues.filter((i) => i.found <= cm.endDate).map((i) => issueRow(i, m, calendar)),
      fund_allocation: allocations.filter((a) => a.date <= cm.endDate).map((a) => allocationRow(a, cm.month)),
      fund_payment: payments.filter((p) => p.date <= cm.endDate).map((p) => paymentRow(p, cm.month)),
      supervision_visit: visits.filter((v) => v.date <= cm.endDate).map((v) => visitRow(v, cm.endDate, cm.month)),
      assistance_measure: measures.filter((x) => x.start <= cm.endDate).map((x) => measureRow(x, cm.endDate, cm.month)),
    };
    const stamp = new Date(`${cm.endDate}T18:00:00Z`);
    let written = 0;
    for (const out of ledgerOutputs(rows, split)) {
      const { lf, habit } = out;
      // An office exports no ledger it has nothing in (a town with no listed village has no 督导记录);
      // the loader refuses a header-only file.
      if (out.rows.length === 0) continue;
      const title = `${out.town ? out.town.title : geo.scopeName}${cm.year}年${cm.monthOfYear}月${out.label}`;
      const spec = specFor(lf, o.formats, title);
      const habits = fileHabits(o.seed, `${out.key}/${out.label}`);
      if (habit === 'names' && spec.format === 'xlsx' && habits.xls) spec.format = 'xls';
      const rel = `${cm.month}/${out.town ? `${out.town.folder}/` : ''}${out.label}.${spec.format}`;
      const shape = SHAPES[lf.entity];
      const rng = out.key === ROOT_KEY && !out.projectOnly ? Rng.of(o.seed, 'dirt', cm.month, lf.entity) : Rng.of(o.seed, 'dirt', cm.month, lf.entity, out.key, out.label);
      const dirty = injectDirt(rng, lf.entity, shape, out.rows, o.dirt);
      if (lf.entity === 'village' && o.dirt > 0) breakVillageTotal(Rng.of(o.seed, 'dirt-village', cm.month), shape, dirty);
      if (habit === 'names') plantOtherValues(Rng.of(o.seed, 'other-value', cm.month, lf.entity, out.key, out.label), shape, dirty, o.dirt);
      const spelled = spellFile(shape, dirty, { habit, projectOnly: out.projectOnly, habits, format: spec.format, seed: o.seed, fileKey: `${out.key}/${out.label}`, places: placeNames });
      const headerRow = spec.title ? 2 : 1;
      const rowNumber = new Map(dirty.map((r, i) => [r, headerRow + 1 + i]));
      dirty.forEach((r, i) => {
        if (!r.dirt) return;
        const { copyOf, ...d } = r.dirt;
        // A dirty cell in a column this file does not write leaves the row clean.
        const header = spelled.headerOf(d.column);
        if (header === undefined) return;
        const entry: DirtEntry = { month: cm.month, file: rel, entity: lf.entity, row: headerRow + 1 + i, ...d, header };
        if (copyOf) entry.duplicateOf = rowNumber.get(copyOf) as number;
        dirt.push(entry);
      });
      if (out.town) fs.mkdirSync(path.join(dir, out.town.folder), { recursive: true });
      const data = await writeLedger(path.join(o.out, rel), spec, shape.contract.label, spelled.headers, spelled.rows, stamp, spelled.dateColumns);
      written += dirty.length;
      files.push({
        month: cm.month, entity: lf.entity, path: rel, format: spec.format, encoding: spec.encoding, headerRow, title: spec.title,
        rows: dirty.length, cleanRows: out.rows.length, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex'),
        ...(layout === 'codes' && !out.projectOnly ? {} : { habit, ...(out.projectOnly ? { projectOnly: true } : {}) }),
      });
    }
    const total = sumCounts(counts);
    const monthIssues = issues.filter((i) => i.found <= cm.endDate);
    const closed = monthIssues.filter((i) => issueStatus(i, cm.endDate) === '已销号').length;
    summary.push({
      month: cm.month,
      households: total.households,
      people: total.people,
      registeredHouseholds: total.registeredHouseholds,
      registeredPeople: total.registeredPeople,
      unliftedHouseholds: total.unliftedHouseholds,
      unliftedPeople: total.unliftedPeople,
      monitoredHouseholds: total.monitoredHouseholds,
      monitoredPeople: total.monitoredPeople,
      edgeHouseholds: total.edgeHouseholds,
      edgePeople: total.edgePeople,
      povertyIncidence: round6(total.unliftedPeople / total.people),
      issues: monthIssues.length,
      issuesClosed: closed,
      issuesOverdue: monthIssues.filter((i) => issueStatus(i, cm.endDate) !== '已销号' && i.deadline < cm.endDate).length,
      allocatedYuan: round2(allocations.filter((a) => a.date <= cm.endDate).reduce((s, a) => s + a.amount, 0)),
      paidYuan: round2(payments.filter((p) => p.date <= cm.endDate).reduce((s, p) => s + p.amount, 0)),
    });
    const secs = (performance.now() - tm) / 1000;
    log(`${cm.month}  ${written.toLocaleString()} 行 / rows  ${secs.toFixed(1)}s  (${Math.round(written / secs).toLocaleString()} 行/秒)  未脱贫 ${total.unliftedHouseholds}户${total.unliftedPeople}人`);
  }

  const source = writeGeo(o, geo);
  const manifest: Manifest = {
    generator: 'campaign-demo-generator',
    version: 1,
    seed: o.seed,
    scale: o.scale,
    start: o.start,
    months: calendar.months.map((c) => c.month),
    dirtRate: o.dirt,
    formats: o.formats,
    incomeLine: o.incomeLine,
    ...(layout === 'codes' ? {} : { layout: { layout, share: o.layoutShare ?? DEFAULTS.layoutShare, namesTowns: [...named].sort(), countyFunds } }),
    geography: {
      counties: geo.counties.length,
      towns: geo.counties.reduce((n, c) => n + c.towns.length, 0),
      villages: places.length,
      households: households.length,
      source,
    },
    listing,
    files,
    summary,
    dirt,
    dirtByKind: countKinds(dirt),
  };
  fs.writeFileSync(path.join(o.out, 'generation.json'), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

const SHAPES: Record<EntityName, RowShape> = {
  village: villageShape, household: householdShape, issue: issueShape, fund_allocation: allocationShape, fund_payment: paymentShape,
  supervision_visit: visitShape, assistance_measure: measureShape,
};

const ROOT_KEY = 'scope';

interface TownOut {
  /** Folder under the month: 湘潭县花石镇. */
  folder: string;
  /** Title prefix: 湘潭县花石镇. */
  title: string;
}

interface Split {
  layout: Layout;
  named: ReadonlySet<string>;
  projectOnly: ReadonlySet<string>;
  towns: ReadonlyMap<string, TownOut>;
}

interface LedgerOutput {
  lf: LedgerFile;
  label: string;
  /** ROOT_KEY for the scope's own files, else the town code. */
  key: string;
  town: TownOut | null;
  habit: Habit;
  projectOnly: boolean;
  rows: string[][];
}

/**
 * The files of a month. In the codes layout: the five files of the scope, as always. Otherwise a
 * names town sends its own household, issue and fund files (in its folder), the village register
 * stays one file, and payments that cite only 项目编号 go to a file of their own
 * (资金支出台账_按项目). The scope's own files are in names habits only in the names layout.
 */
function ledgerOutputs(rows: Record<EntityName, string[][]>, split: Split): LedgerOutput[] {
  const rootHabit: Habit = split.layout === 'names' ? 'names' : 'codes';
  const outputs: LedgerOutput[] = [];
  for (const lf of LEDGER_FILES) {
    const all = rows[lf.entity];
    if (split.layout === 'codes' && !(lf.entity === 'fund_payment' && split.projectOnly.size > 0)) {
      outputs.push({ lf, label: lf.label, key: ROOT_KEY, town: null, habit: 'codes', projectOnly: false, rows: all });
      continue;
    }
    if (lf.entity === 'village') {
      outputs.push({ lf, label: lf.label, key: ROOT_KEY, town: null, habit: 'codes', projectOnly: false, rows: all });
      continue;
    }
    const shape = SHAPES[lf.entity];
    const area = shape.indexOf('village_code');
    const project = lf.entity === 'fund_payment' ? shape.indexOf('project_id') : -1;
    const groups = new Map<string, { standard: string[][]; byProject: string[][] }>();
    const group = (key: string) => {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { standard: [], byProject: [] }));
      return g;
    };
    group(ROOT_KEY);
    for (const row of all) {
      const code = row[area] as string;
      const town = code.length === 12 ? code.slice(0, 9) : '';
      const g = group(split.named.has(town) ? town : ROOT_KEY);
      (project >= 0 && split.projectOnly.has(row[project] as string) ? g.byProject : g.standard).push(row);
    }
    const byProjectLabel = `${lf.label}_按项目`;
    for (const [key, g] of groups) {
      const town = key === ROOT_KEY ? null : (split.towns.get(key) as TownOut);
      const habit = key === ROOT_KEY ? rootHabit : 'names';
      // In the codes layout the scope's file is written even when empty, as it always was; otherwise
      // an empty file would only be a failed load (every town of the scope may send its own).
      if (g.standard.length > 0 || (key === ROOT_KEY && split.layout === 'codes')) {
        outputs.push({ lf, label: lf.label, key, town, habit, projectOnly: false, rows: g.standard });
      }
      if (g.byProject.length > 0) outputs.push({ lf, label: byProjectLabel, key, town, habit, projectOnly: true, rows: g.byProject });
    }
  }
  return outputs;
}

function townsByCode(geo: Geography): Map<string, TownOut> {
  return new Map(geo.counties.flatMap((c) => c.towns.map((t) => [t.code, { folder: `${c.name}${t.name}`, title: `${c.name}${t.name}` }] as const)));
}

/** Names of every village (by 12-digit code) and county (by 6-digit code). */
function namesOfPlaces(geo: Geography): Map<string, PlaceNames> {
  const out = new Map<string, PlaceNames>();
  for (const c of geo.counties) {
    out.set(c.code, { county: c.name, town: '', village: '' });
    for (const t of c.towns) for (const v of t.villages) out.set(v.code, { county: c.name, town: t.name, village: v.name });
  }
  return out;
}

export function countKinds(dirt: readonly DirtEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of dirt) out[d.kind] = (out[d.kind] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * 省级 = 建档立卡贫困人口 ≥ 500 or 未脱贫人口 ≥ 30; 市级 = ≥ 300 or ≥ 20, not already 省级.
 * Seed 001's 乡 starts with every 建档立卡 household 未脱贫, so by the numbers every village would
 * qualify; there its plan names its two 贫困村 instead, as the seed's 方案 does.
 */
export function listVillages(geo: Geography, first: readonly VillageCounts[]): Manifest['listing'] {
  const places = allVillages(geo);
  if (geo.scale === 'town' || geo.scale === 'sample') {
    return { rule: '乡级方案：两个建档立卡贫困村', provincial: places.filter((p) => p.village.category !== '非贫困村').map((p) => p.village.code), municipal: [] };
  }
  return listByRule(places.map((p) => p.village.code), first, readListingRule());
}

/** Villages by the listing rule (listing.ts) on their first month's counts, in the given order. */
export function listByRule(codes: readonly string[], first: readonly VillageCounts[], rule: ListingRule): Manifest['listing'] {
  const provincial: string[] = [];
  const municipal: string[] = [];
  codes.forEach((code, i) => {
    const level = listingLevel(first[i] as VillageCounts, rule);
    if (level === 'provincial') provincial.push(code);
    else if (level === 'municipal') municipal.push(code);
  });
  return { rule: describeListingRule(rule), provincial, municipal };
}

export function writeGeo(o: Pick<GenerateOptions, 'out' | 'seed' | 'boundaries'>, geo: Geography): 'generated' | 'supplied' {
  const dir = path.join(o.out, 'geo');
  fs.mkdirSync(dir, { recursive: true });
  const layers: GeoLayers = buildGeo(geo, o.seed);
  let source: 'generated' | 'supplied' = 'generated';
  if (o.boundaries) {
    for (const [key, level] of [['villages', 'village'], ['towns', 'town'], ['counties', 'county']] as const) {
      const file = path.join(o.boundaries, `${key}.geojson`);
      if (fs.existsSync(file)) {
        layers[key] = readBoundaries(file, level);
        source = 'supplied';
      }
    }
  }
  for (const key of ['villages', 'towns', 'counties'] as const) {
    fs.writeFileSync(path.join(dir, `${key}.geojson`), JSON.stringify(layers[key]) + '\n');
  }
  return source;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
