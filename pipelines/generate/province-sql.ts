import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from '../../core/sql.ts';
import { gb11643CheckCharSql } from '../contracts/define.ts';
import type { EntityName } from '../../core/glossary.ts';
import { columnsOf, writtenColumnsOf, type Contract } from '../contracts/define.ts';
import { fundAllocationContract } from '../contracts/fund-allocation.ts';
import { fundPaymentContract } from '../contracts/fund-payment.ts';
import { householdContract } from '../contracts/household.ts';
import { issueContract } from '../contracts/issue.ts';
import { Calendar } from './calendar.ts';
import { type GenerateOptions, listByRule, writeGeo } from './campaign.ts';
import { breakVillageTotal, type DirtEntry, injectDirt } from './dirt.ts';
import { expandWeights, FEMALE_CHARS, MALE_CHARS, MOBILE_PREFIXES, SURNAMES } from './identities.ts';
import { LEDGER_FILES } from './ledger-files.ts';
import { readListingRule } from './listing.ts';
import { csvText, encodeCsv } from './ledger-writer.ts';
import type { Manifest, ManifestFile, MonthSummary } from './manifest.ts';
import { allVillages, planGeography } from './places.ts';
import { Rng } from './random.ts';
import { emptyCounts, type VillageCounts, villageFacts, villageRow, villageShape } from './village-rows.ts';

/**
 * The province scale (≈10M households) generated inside DuckDB: households are rows of
 * range() per village, every draw is hash(seed, household, draw-number) — deterministic and
 * independent of row order — and each month's files are written by COPY … TO. JS only plans
 * the geography, writes the village sheet (25k rows, GBK) and the manifest.
 *
 * Same files, headers and month logic as the JS scales, simplified where the volume makes
 * per-row JS impractical: every ledger is CSV (XLSX stops at 1,048,576 rows), the household
 * file is UTF-8 without BOM, issues are village-level waves (no household gap issues), and dirt
 * is limited to bad_check_digit / missing_required / unknown_enum in the household file plus one
 * village total per month, listed in <out>/dirt.csv (too many for generation.json).
 */

const NEVER = 1_000_000;

// The generator's name and phone tables, expanded to plain lists so SQL can index them with a hash.
const PREFIXES = expandWeights(MOBILE_PREFIXES);

const list = (items: readonly string[]) => `[${items.map(quoteLiteral).join(', ')}]`;
const surnames = expandWeights(SURNAMES);
const surnameList = list(surnames);

/** A name drawn from hash `h` (draws k, k+1, k+2). */
function nameSql(h: string, male: string, k: number): string {
  const pick = (arr: string, n: number, kk: number) => `${arr}[1 + (hash(${h}, ${kk}) % ${n})::int]`;
  const given = `case when ${male} then ${pick(list(MALE_CHARS), MALE_CHARS.length, k + 1)} else ${pick(list(FEMALE_CHARS), FEMALE_CHARS.length, k + 1)} end`;
  const second = `case when u(${h}, ${k + 3}) < 0.72 then (case when ${male} then ${pick(list(MALE_CHARS), MALE_CHARS.length, k + 2)} else ${pick(list(FEMALE_CHARS), FEMALE_CHARS.length, k + 2)} end) else '' end`;
  return `(${surnameList}[1 + (hash(${h}, ${k}) % ${surnames.length})::int] || ${given} || ${second})`;
}

function phoneSql(h: string, k: number): string {
  return `(${list(PREFIXES)}[1 + (hash(${h}, ${k}) % ${PREFIXES.length})::int] || lpad((hash(${h}, ${k + 1}) % 100000000)::varchar, 8, '0'))`;
}


/** The SELECT list of a contract, in column order, under each column's first header. */
function selectList(contract: Contract, exprs: Record<string, string>): string {
  return writtenColumnsOf(contract)
    .map((c) => {
      const e = exprs[c.name];
      if (e === undefined) throw new Error(`province SQL has no expression for ${contract.entity}.${c.name}`);
      return `${e} as ${quoteIdent(c.headers[0])}`;
    })
    .join(',\n  ');
}

async function all(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const r = await c.runAndReadAll(sql);
  return r.getRowObjectsJS() as Record<string, unknown>[];
}

/** `limitCounties` keeps only the first counties: the same SQL on a small province, for tests. */
export async function generateProvince(o: GenerateOptions, limitCounties?: number): Promise<Manifest> {
  const log = o.log ?? (() => {});
  const calendar = new Calendar(o.start, o.months);
  const geo = planGeography('province', o.seed);
  if (limitCounties !== undefined) geo.counties = geo.counties.slice(0, limitCounties);
  const places = allVillages(geo);
  const M = calendar.length;
  const last = calendar.last;
  const gap = Math.max(1, Math.round((3 * M) / 12));
  const S = o.seed;
  const line = o.incomeLine;
  fs.mkdirSync(o.out, { recursive: true });
  const db = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  const c = await db.connect();
  const run = async (sql: string) => {
    const t = performance.now();
    await c.run(sql);
    if (process.env.GENERATE_SQL_TIMING) log(`  ${((performance.now() - t) / 1000).toFixed(2)}s  ${sql.trim().slice(0, 60).replace(/\s+/g, ' ')}`);
  };
  const t0 = performance.now();

  await run(`create macro u(h, k) as (hash(h, k) % 1000000)::double / 1000000`);
  await run(`create macro rint(h, k, lo, hi) as (lo + floor(u(h, k) * ((hi) - (lo) + 1)))::int`);
  await run(`create macro plain(x) as case when x = round(x) then round(x)::bigint::varchar else round(x, 2)::varchar end`);
  await run(`create macro mdate(m, d) as strftime((DATE '${calendar.months[0]!.month}-01' + to_months((m)::int))::date + ((d)::int - 1), '%Y-%m-%d')`);

  // Villages from the JS plan.
  const villageCsv = path.join(o.out, '.villages.tmp.csv');
  let ordinal = 0;
  let county = '';
  const vlines = ['village_code,town_code,county_code,category,lag,reg_rate,households,first_ordinal,vseq'];
  places.forEach(({ county: cty, town, village: v }, i) => {
    if (cty.code !== county) {
      county = cty.code;
      ordinal = 0;
    }
    vlines.push([v.code, town.code, cty.code, v.category, v.lag, v.registeredRate, v.households, ordinal, i].join(','));
    ordinal += v.households;
  });
  fs.writeFileSync(villageCsv, vlines.join('\n'));
  await run(`create table villages as select * from read_csv('${villageCsv}', header = true, all_varchar = false,
    columns = {'village_code': 'VARCHAR', 'town_code': 'VARCHAR', 'county_code': 'VARCHAR', 'category': 'VARCHAR', 'lag': 'DOUBLE',
               'reg_rate': 'DOUBLE', 'households': 'INTEGER', 'first_ordinal': 'INTEGER', 'vseq': 'INTEGER'})`);
  fs.rmSync(villageCsv);

  // Households: static draws and the year's schedule, one row each, in file order.
  const liftT = (v: string) =>
    `case when ${v} <= 0.1 then ${v} / 0.1 * (2.5 / 12) when ${v} <= 0.62 then 2.5 / 12 + (${v} - 0.1) / 0.52 * (2.5 / 12)
      when ${v} <= 0.93 then 5.0 / 12 + (${v} - 0.62) / 0.31 * (1.0 / 12) else 0.5 + (${v} - 0.93) / 0.07 * 0.5 end`;
  await run(`
create table hh as
with b as (
  select v.*, k, hash(${S}, v.village_code, k) as h,
    v.village_code || '-' || lpad((k + 1)::varchar, 4, '0') as household_id,
    v.first_ordinal + k as ordinal
  from villages v, unnest(range(v.households)) t(k)
), s1 as (
  select *, u(h, 1) < reg_rate as registered, u(h, 2) as us, u(h, 3) < 0.86 as male from b
), s2 as (
  select *, case when registered then (case when us < 0.08 then 1 when us < 0.22 then 2 when us < 0.43 then 3 when us < 0.68 then 4
      when us < 0.85 then 5 when us < 0.95 then 6 when us < 0.99 then 7 else 8 end)
    else (case when us < 0.05 then 1 when us < 0.17 then 2 when us < 0.36 then 3 when us < 0.60 then 4
      when us < 0.80 then 5 when us < 0.92 then 6 when us < 0.98 then 7 else 8 end) end as size
  from s1
), s3 as (
  select *,
    case when u(h, 4) < (case when registered then (case when size <= 2 then 0.45 else 0.1 end) else (case when size <= 2 then 0.12 else 0.02 end) end)
      then 0 else rint(h, 5, 1, least(size, case when size >= 5 then 4 else 3 end)) end as labor,
    registered and u(h, 6) < (case when lag > 0.5 then 0.06 + 0.12 * lag else 0.02 end) as base_unlifted
  from s2
), s4 as (
  select *, case
      when base_unlifted and u(h, 7) < (case when lag > 0.5 then 0.12 else 0.006 end) then 'endUnlifted'
      when registered and u(h, 8) < 0.016 then 'monOpen'
      when registered and u(h, 8) < 0.04 and labor > 0 and ${last} >= ${gap + 2} then 'monClosed'
      when not registered and u(h, 8) < 0.006 then 'edgeOpen'
      when not registered and u(h, 8) < 0.0132 and labor > 0 and ${last} >= ${gap} then 'edgeClosed'
      when not registered and u(h, 8) < 0.0147 and ${last} >= 1 then 'sudden'
      else 'none' end as role,
    greatest(1, least(${last}, ceil((${liftT(`pow(u(h, 9), 1 - 0.7 * lag)`)}) * ${M})::int - 1)) as lift0
  from s3
), s5 as (
  select *, case when not registered then ${NEVER} when not base_unlifted then -1 when role = 'endUnlifted' then ${NEVER}
      when role = 'monOpen' then least(lift0, greatest(1, ${last - 1}))
      when role = 'monClosed' then least(lift0, greatest(1, ${last - 1 - gap}))
      else lift0 end as lift
  from s4
), s6 as (
  select *, case when registered and lift >= 0 then lift + 1 else -10 end as earliest from s5
), s7 as (
  select *, case when earliest < 0 and u(h, 10) < 0.35 then -rint(h, 11, 1, 10) else greatest(earliest, 0) end as lo from s6
), s8 as (
  select *,
    case role
      when 'monOpen' then least(${last}, lo + rint(h, 12, 0, ${Math.ceil(M / 2)}))
      when 'edgeOpen' then least(${last}, lo + rint(h, 12, 0, ${Math.ceil(M / 2)}))
      when 'monClosed' then rint(h, 12, least(lo, ${last - gap}), ${last - gap})
      when 'edgeClosed' then rint(h, 12, least(lo, ${last - gap}), ${last - gap})
      when 'sudden' then rint(h, 12, least(1, ${last}), ${last})
      else ${NEVER} end as ident
  from s7
), s9 as (
  select *,
    case
      when role in ('monClosed', 'edgeClosed') then rint(h, 14, greatest(ident + ${gap}, 0), ${last})
      when role = 'sudden' and ident + ${gap} <= ${last} and u(h, 13) < 0.8 then rint(h, 14, ident + ${gap}, ${last})
      when role in ('monOpen', 'edgeOpen') and labor > 0 and u(h, 13) < 0.25 and greatest(ident, 0) + ${gap + 1} <= ${last}
        then rint(h, 14, greatest(ident + ${gap}, 0), ${last - 1})
      else ${NEVER} end as elim
  from s8
), s10 as (
  select *,
    case when role in ('monOpen', 'edgeOpen') and elim < ${NEVER} then rint(h, 15, elim + 1, ${last}) else ${NEVER} end as relapse,
    case when role in ('monOpen', 'monClosed') then '脱贫不稳定户' when role in ('edgeOpen', 'edgeClosed') then '边缘易致贫户'
      when role = 'sudden' then '突发严重困难户' end as mtype,
    (registered and base_unlifted) or role <> 'none' as focus,
    case when lift between 1 and ${NEVER - 1} then lift else ${last} end as until_m
  from s9
), s11 as (
  select *,
    ${['housing', 'water', 'education', 'medical'].map((g, i) => {
      const share = [0.07, 0.05, 0.015, 0.04][i];
      const k = 20 + 3 * i;
      return `case when u(h, ${k}) < ${share} * (case when focus then 1 when registered then 0.12 else 0.05 end)
        then (case when ${last} < 1 then ${NEVER} when lift >= ${NEVER} and u(h, ${k + 1}) < 0.3 then ${NEVER}
          else least(1 + floor(pow(u(h, ${k + 2}), 1 - 0.6 * lag) * until_m)::int, until_m) end) else 0 end as gap_${g}`;
    }).join(',\n    ')}
  from s10
)
select *,
  row_number() over (order by vseq, k) + 1 as file_row,
  ${nameSql('h', 'male', 60)} as head_name,
  ${phoneSql('h', 70)} as phone0,
  u(h, 72) < 0.85 as has_phone,
  case when registered then u(h, 80) < (case when labor = 0 then 0.6 else 0.08 end) else u(h, 80) < (case when role <> 'none' then 0.1 else 0.01 end) end as dibao,
  registered and size = 1 and labor = 0 and u(h, 81) < 0.5 as tekun,
  registered and u(h, 82) < 0.04 as relocated,
  labor > 0 and (case when registered then u(h, 83) < 0.08 when role <> 'none' then u(h, 83) < 0.15 else false end) as welfare_job,
  labor > 0 and (case when registered then u(h, 84) < 0.15 when role <> 'none' then u(h, 84) < 0.1 else false end) as has_credit,
  (array[10000, 20000, 30000, 50000])[rint(h, 85, 1, 4)] as credit_amount,
  mdate(rint(h, 86, -6, 30), rint(h, 87, 1, 28)) as credit_due,
  u(h, 88) < 0.25 as credit_bad,
  case when u(h, 89) < 0.35 then 'D' else 'C' end as grade_bad,
  case when u(h, 90) < 0.35 then 'A' else 'B' end as grade_ok,
  case when registered or role <> 'none' then (array['因病','缺劳力','缺技术','缺资金','因残','因学','因灾','缺土地','缺水','交通条件落后','自身发展动力不足','其他'])[
    case when u(h, 91) < 0.30 then 1 when u(h, 91) < 0.42 then 2 when u(h, 91) < 0.54 then 3 when u(h, 91) < 0.69 then 4 when u(h, 91) < 0.79 then 5
      when u(h, 91) < 0.86 then 6 when u(h, 91) < 0.89 then 7 when u(h, 91) < 0.91 then 8 when u(h, 91) < 0.92 then 9 when u(h, 91) < 0.94 then 10
      when u(h, 91) < 0.98 then 11 else 12 end] end as cause,
  hash(${S}, town_code, rint(h, 92, 0, 99)) as helper_h,
  rint(h, 93, 1, 28) as ident_day, rint(h, 94, 1, 28) as elim_day, rint(h, 95, 1, 28) as relapse_day,
  -- income: the ratio to the line by state, and the split into the four parts
  0.5 + 0.47 * u(h, 100) as r_unlifted, 0.82 + 0.38 * u(h, 101) as r_monitored, 0.95 + 0.5 * u(h, 102) as r_edge,
  0.4 + 0.7 * u(h, 103) as r_sudden,
  case when u(h, 104) < 0.03 then 0.9 + 0.1 * u(h, 105) else 1.08 + 1.32 * u(h, 105) end as r_lifted,
  2.4 * exp(0.45 * sqrt(-2 * ln(1 - u(h, 106))) * cos(2 * pi() * u(h, 107))) as r_general,
  case when labor > 0 then 0.35 + 0.35 * u(h, 110) else 0.1 * u(h, 110) end as w0,
  case when labor > 0 then 0.1 + 0.25 * u(h, 111) else 0.12 * u(h, 111) end as w1,
  case when labor > 0 then 0.05 + 0.2 * u(h, 112) else 0.6 + 0.3 * u(h, 112) end as w2,
  case when labor > 0 then 0.06 * u(h, 113) else 0.08 * u(h, 113) end as w3,
  0.15 + 0.3 * u(h, 114) as cost_ratio,
  case when base_unlifted and labor > 0 and u(h, 115) < 0.5 then least(30000, 500 * rint(h, 116, 6, 30))
    when mtype = '边缘易致贫户' and labor > 0 and u(h, 115) < 0.4 then least(20000, 5000 * size) else 0 end as industry_aid
from s11
order by vseq, k`);
  await run(`alter table hh add column housing_aid integer`);
  await run(`update hh set housing_aid = case when gap_housing = 0 then 0 when u(h, 117) < 0.05 then 6000
    when registered or role <> 'none' or dibao or tekun then 24000 else 10000 end`);
  // Identity columns never change: computed once.
  const first17 = `(county_code || strftime(DATE '1944-01-01' + ((ordinal * 7919 + hash(${S}, county_code) % 20454) % 20454)::int, '%Y%m%d')
      || lpad((10 * (hash(${S}, county_code, (ordinal * 7919 + hash(${S}, county_code) % 20454) % 20454) % 50) + 2 * (ordinal // 20454) + male::int)::varchar, 3, '0'))`;
  await run(`alter table hh add column id_right varchar`);
  await run(`alter table hh add column id_wrong varchar`);
  await run(`alter table hh add column helper_name varchar`);
  await run(`alter table hh add column helper_phone varchar`);
  await run(`update hh set id_right = ${first17} || ${gb11643CheckCharSql(first17)},
    id_wrong = ${first17} || substr('0123456789X', ((instr('0123456789X', ${gb11643CheckCharSql(first17)}) + hash(h, 'cd') % 10) % 11)::int + 1, 1),
    helper_name = case when registered or mtype is not null then ${nameSql('helper_h', 'true', 1)} end,
    helper_phone = case when registered or mtype is not null then ${phoneSql('helper_h', 9)} end,
    phone0 = case when has_phone then phone0 end`);
  const hhCount = Number((await all(c, 'select count(*) n from hh'))[0]!.n);
  log(`计划完成 / planned in DuckDB: ${hhCount.toLocaleString()} 户, ${places.length.toLocaleString()} 村 (${((performance.now() - t0) / 1000).toFixed(1)}s)`);

  // Month-dependent state of a household, as SQL over hh for month index m.
  const st = (m: number) => ({
    type: `case when not registered then '一般户' when ${m} < lift then '未脱贫户' else '脱贫户' end`,
    shown: `(mtype is not null and ident <= ${m})`,
    open: `(mtype is not null and ident <= ${m} and (relapse <= ${m} or elim > ${m}))`,
    ok: (g: string) => `(gap_${g} = 0 or ${m} >= gap_${g})`,
  });
  const countsAt = async (m: number) => {
    const s = st(m);
    const rows = await all(c, `select village_code, count(*)::int hh, sum(size)::int people,
        count(*) filter (where registered)::int reg_hh, coalesce(sum(size) filter (where registered), 0)::int reg_people,
        count(*) filter (where registered and ${m} < lift)::int un_hh, coalesce(sum(size) filter (where registered and ${m} < lift), 0)::int un_people,
        count(*) filter (where ${s.open} and mtype = '脱贫不稳定户')::int mon_hh, coalesce(sum(size) filter (where ${s.open} and mtype = '脱贫不稳定户'), 0)::int mon_people,
        count(*) filter (where ${s.open} and mtype = '边缘易致贫户')::int edge_hh, coalesce(sum(size) filter (where ${s.open} and mtype = '边缘易致贫户'), 0)::int edge_people
      from hh group by village_code`);
    const map = new Map<string, VillageCounts>();
    for (const r of rows) {
      map.set(String(r.village_code), {
        households: Number(r.hh), people: Number(r.people), registeredHouseholds: Number(r.reg_hh), registeredPeople: Number(r.reg_people),
        unliftedHouseholds: Number(r.un_hh), unliftedPeople: Number(r.un_people), monitoredHouseholds: Number(r.mon_hh),
        monitoredPeople: Number(r.mon_people), edgeHouseholds: Number(r.edge_hh), edgePeople: Number(r.edge_people),
      });
    }
    return places.map(({ village }) => map.get(village.code) ?? emptyCounts());
  };

  // 挂牌 listing from the first month; 挂牌督战村专项 goes to the 省级 villages.
  const first = await countsAt(0);
  const listing = listByRule(places.map((p) => p.village.code), first, readListingRule());
  const { provincial } = listing;
  await run(`create table listed as select unnest(${provincial.length ? list(provincial) : '[]::varchar[]'}) as village_code`);

  await planIssuesSql(c, S, calendar);
  await planFundsSql(c, S, calendar);
  // What only planning needed goes, so the month queries scan less.
  for (const col of ['county_code', 'town_code', 'category', 'reg_rate', 'households', 'first_ordinal', 'vseq', 'k', 'ordinal', 'us', 'male',
    'base_unlifted', 'role', 'lift0', 'earliest', 'lo', 'focus', 'until_m', 'helper_h', 'has_phone', 'industry_aid', 'housing_aid', 'lag']) {
    await run(`alter table hh drop column ${col}`);
  }

  const files: ManifestFile[] = [];
  const summary: MonthSummary[] = [];
  const villageDirt: DirtEntry[] = [];
  const facts = new Map(places.map(({ village }) => [village.code, villageFacts(S, village, calendar)]));
  await run(`create table dirt (month varchar, file varchar, entity varchar, "row" bigint, "column" varchar, header varchar, kind varchar, value varchar, was varchar)`);
  const hhHeaders = new Map(columnsOf(householdContract).map((col) => [col.name, col.headers[0]]));

  for (const cm of calendar.months) {
    const m = cm.index;
    const tm = performance.now();
    const dir = path.join(o.out, cm.month);
    fs.mkdirSync(dir, { recursive: true });
    let written = 0;
    const record = (entity: EntityName, name: string, rows: number, encoding: ManifestFile['encoding']) => {
      const rel = `${cm.month}/${name}`;
      const data = fs.readFileSync(path.join(o.out, rel));
      files.push({
        month: cm.month, entity, path: rel, format: 'csv', encoding, headerRow: 1, title: null, rows, cleanRows: rows,
        bytes: data.length, sha256: createHash('sha256').update(data).digest('hex'),
      });
      written += rows;
      return rel;
    };

    // 村基本情况: counts from SQL, rows and GBK encoding in JS.
    const counts = await countsAt(m);
    const vRows = places.map(({ county: cty, town, village }, i) => villageRow(cty, town, village, facts.get(village.code)!, counts[i] as VillageCounts, m, calendar));
    const vLabel = LEDGER_FILES.find((f) => f.entity === 'village')!.label;
    const dirty = injectDirt(Rng.of(S, 'dirt', cm.month, 'village'), 'village', villageShape, vRows, o.dirt);
    if (o.dirt > 0) breakVillageTotal(Rng.of(S, 'dirt-village', cm.month), villageShape, dirty);
    const vRel = `${cm.month}/${vLabel}.csv`;
    fs.writeFileSync(path.join(o.out, vRel), encodeCsv(csvText(villageShape.headers, dirty.map((r) => r.cells)), 'gb18030'));
    dirty.forEach((r, i) => {
      if (r.dirt) {
        const { copyOf, ...d } = r.dirt;
        void copyOf;
        villageDirt.push({ month: cm.month, file: vRel, entity: 'village', row: i + 2, ...d });
      }
    });
    record('village', `${vLabel}.csv`, dirty.length, 'gb18030');

    // 农户信息 straight from DuckDB, with dirt decided by hash.
    const s = st(m);
    const rate = o.dirt;
    const dirtPick = `(hash(${S}, household_id, ${m}, 'dirt') % 1000000000)::double / 1000000000 < ${rate}`;
    const dirtKind = `hash(${S}, household_id, ${m}, 'kind') % 3`;
    const income = `
      net as (select *, ${line} * (case
          when registered and ${m} < lift then r_unlifted
          when ${s.open} and mtype = '脱贫不稳定户' then r_monitored
          when ${s.open} and mtype = '边缘易致贫户' then r_edge
          when ${s.open} then r_sudden
          when registered then r_lifted else r_general end) * ${1 + 0.004 * m} * size as net_total,
          w0 / (w0 + w1 + w2 + w3) as s0, w1 / (w0 + w1 + w2 + w3) as s1, w3 / (w0 + w1 + w2 + w3) as s3 from hh),
      parts as (select *, round(net_total / (1 - cost_ratio * s1) * s0)::bigint as wage,
          round(net_total / (1 - cost_ratio * s1) * s1)::bigint as business,
          round(net_total / (1 - cost_ratio * s1) * s3)::bigint as property from net),
      parts2 as (select *, round(business * cost_ratio)::bigint as cost from parts),
      parts3 as (select *, greatest(0, round(net_total)::bigint - wage - business - property + cost) as transfer from parts2),
      final as (select *, ${rate > 0 ? dirtPick : 'false'} as dirty, ${rate > 0 ? dirtKind : '0'} as dkind from parts3)`;
    const exprs: Record<string, string> = {
      household_id: 'household_id',
      village_code: 'village_code',
      head_name: `case when dirty and dkind = 1 then null else head_name end`,
      id_number: `case when dirty and dkind = 0 then id_wrong else id_right end`,
      phone: 'phone0',
      family_size: 'size',
      labor_count: 'labor',
      household_type: `case when dirty and dkind = 2 then '已脱贫' else ${s.type} end`,
      monitor_type: `case when ${s.shown} then mtype end`,
      risk_eliminated: `case when ${s.shown} then (case when ${s.open} then '否' else '是' end) end`,
      identified_date: `case when ${s.shown} then (case when relapse <= ${m} then mdate(relapse, relapse_day) else mdate(ident, ident_day) end) end`,
      eliminated_date: `case when ${s.shown} and not ${s.open} then mdate(elim, elim_day) end`,
      poverty_cause: 'cause',
      wage_income: 'wage',
      business_income: 'business',
      transfer_income: 'transfer',
      property_income: 'property',
      business_cost: 'cost',
      net_income_per_capita: `plain((wage + business + transfer + property - cost) / size)`,
      food_clothing_ok: `'是'`,
      education_ok: `case when ${s.ok('education')} then '是' else '否' end`,
      medical_ok: `case when ${s.ok('medical')} then '是' else '否' end`,
      housing_grade: `case when ${s.ok('housing')} then (case when gap_housing = 0 then grade_ok when grade_bad = 'D' then 'A' else 'B' end) else grade_bad end`,
      housing_ok: `case when ${s.ok('housing')} then '是' else '否' end`,
      water_ok: `case when ${s.ok('water')} then '是' else '否' end`,
      dibao: `case when dibao then '是' else '否' end`,
      tekun: `case when tekun then '是' else '否' end`,
      relocated: `case when relocated then '是' else '否' end`,
      welfare_job: `case when welfare_job then '是' else '否' end`,
      microcredit_amount: `case when has_credit then credit_amount end`,
      microcredit_due_date: `case when has_credit then credit_due end`,
      microcredit_overdue: `case when has_credit then (case when credit_bad and credit_due <= '${cm.endDate}' then '是' else '否' end) end`,
      helper_name: 'helper_name',
      helper_phone: 'helper_phone',
      data_month: quoteLiteral(cm.month),
    };
    const hLabel = LEDGER_FILES.find((f) => f.entity === 'household')!.label;
    const hRel = `${cm.month}/${hLabel}.csv`;
    await run(`copy (with ${income} select ${selectList(householdContract, exprs)} from final) to ${quoteLiteral(path.join(o.out, hRel))} (header true, delimiter ',')`);
    if (rate > 0) {
      await run(`insert into dirt with ${income}
        select '${cm.month}', '${hRel}', 'household', file_row,
          case dkind when 0 then 'id_number' when 1 then 'head_name' else 'household_type' end,
          case dkind when 0 then '${hhHeaders.get('id_number')}' when 1 then '${hhHeaders.get('head_name')}' else '${hhHeaders.get('household_type')}' end,
          case dkind when 0 then 'bad_check_digit' when 1 then 'missing_required' else 'unknown_enum' end,
          case dkind when 0 then id_wrong when 1 then '' else '已脱贫' end,
          case dkind when 0 then id_right when 1 then head_name else ${s.type} end
        from final where dirty order by file_row`);
    }
    record('household', `${hLabel}.csv`, hhCount, 'utf-8');

    // Cumulative ledgers: every record to date, with its status at the month's end.
    const end = quoteLiteral(cm.endDate);
    const issueExprs: Record<string, string> = {
      issue_id: 'issue_id', village_code: 'village_code', household_id: 'null', source: 'source', category: 'category',
      description: 'description', found_date: 'found', deadline: 'deadline', responsible_unit: 'unit', responsible_person: 'person',
      status: `case when ${end} >= closed then '已销号' when ${end} >= fixed then '已整改' when ${end} >= started then '整改中' else '待整改' end`,
      closed_date: `case when ${end} >= closed then closed end`,
      evidence: `case when ${end} >= closed then '整改前后照片、销号审批表' when ${end} >= fixed then '整改照片' end`,
      data_month: quoteLiteral(cm.month),
    };
    const ledgers: [EntityName, Contract, string, Record<string, string>, string][] = [
      ['issue', issueContract, 'issues', issueExprs, 'found'],
      ['fund_allocation', fundAllocationContract, 'allocations', {
        allocation_id: 'allocation_id', project_id: 'project_id', project_name: 'project_name', fund_category: 'category',
        village_code: 'village_code', amount: 'plain(amount)', allocated_date: 'date', data_month: quoteLiteral(cm.month),
      }, 'date'],
      ['fund_payment', fundPaymentContract, 'payments', {
        payment_id: 'payment_id', project_id: 'project_id', fund_category: 'category', village_code: 'village_code',
        household_id: 'household_id', payee_name: 'payee_name', amount: 'plain(amount)', paid_date: 'date', data_month: quoteLiteral(cm.month),
      }, 'date'],
    ];
    for (const [entity, contract, table, ex, dateCol] of ledgers) {
      const label = LEDGER_FILES.find((f) => f.entity === entity)!.label;
      const rel = `${cm.month}/${label}.csv`;
      await run(`copy (select ${selectList(contract, ex)} from ${table} where ${dateCol} <= ${end} order by seq) to ${quoteLiteral(path.join(o.out, rel))} (header true, delimiter ',')`);
      const n = Number((await all(c, `select count(*) n from ${table} where ${dateCol} <= ${end}`))[0]!.n);
      record(entity, `${label}.csv`, n, 'utf-8');
    }

    const total = counts.reduce((acc, x) => {
      for (const k of Object.keys(acc) as (keyof VillageCounts)[]) acc[k] += x[k];
      return acc;
    }, emptyCounts());
    const agg = (await all(c, `select
        (select count(*) from issues where found <= ${end})::int issues,
        (select count(*) from issues where closed <= ${end})::int closed,
        (select count(*) from issues where found <= ${end} and closed > ${end} and deadline < ${end})::int overdue,
        (select coalesce(sum(amount), 0) from allocations where date <= ${end})::double alloc,
        (select coalesce(sum(amount), 0) from payments where date <= ${end})::double paid`))[0]!;
    summary.push({
      month: cm.month, households: total.households, people: total.people, registeredHouseholds: total.registeredHouseholds,
      registeredPeople: total.registeredPeople, unliftedHouseholds: total.unliftedHouseholds, unliftedPeople: total.unliftedPeople,
      monitoredHouseholds: total.monitoredHouseholds, monitoredPeople: total.monitoredPeople, edgeHouseholds: total.edgeHouseholds,
      edgePeople: total.edgePeople, povertyIncidence: Math.round((total.unliftedPeople / total.people) * 1e6) / 1e6,
      issues: Number(agg.issues), issuesClosed: Number(agg.closed), issuesOverdue: Number(agg.overdue),
      allocatedYuan: Math.round(Number(agg.alloc) * 100) / 100, paidYuan: Math.round(Number(agg.paid) * 100) / 100,
    });
    const secs = (performance.now() - tm) / 1000;
    log(`${cm.month}  ${written.toLocaleString()} 行 / rows  ${secs.toFixed(1)}s  (${Math.round(written / secs).toLocaleString()} 行/秒)  未脱贫 ${total.unliftedHouseholds}户${total.unliftedPeople}人`);
  }

  // Dirt: the village entries from JS, the household entries from SQL, in one CSV.
  for (const d of villageDirt) {
    await c.run(`insert into dirt values (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [d.month, d.file, d.entity, d.row, d.column, d.header, d.kind, d.value, d.was]);
  }
  await run(`copy (select * from dirt order by month, file, "row") to ${quoteLiteral(path.join(o.out, 'dirt.csv'))} (header true)`);
  const kinds = await all(c, `select kind, count(*)::int n from dirt group by kind order by kind`);
  const source = writeGeo(o, geo);
  c.closeSync();
  db.closeSync();

  const manifest: Manifest = {
    generator: 'campaign-demo-generator',
    version: 1,
    seed: S,
    scale: 'province',
    start: o.start,
    months: calendar.months.map((x) => x.month),
    dirtRate: o.dirt,
    formats: ['csv'],
    incomeLine: line,
    geography: { counties: geo.counties.length, towns: geo.counties.reduce((n, x) => n + x.towns.length, 0), villages: places.length, households: hhCount, source },
    listing,
    files,
    summary,
    dirt: [],
    dirtFile: 'dirt.csv',
    dirtByKind: Object.fromEntries(kinds.map((k) => [String(k.kind), Number(k.n)])),
  };
  fs.writeFileSync(path.join(o.out, 'generation.json'), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

/** Village-level issues in seed 003's waves, closed with a lag; sorted and numbered like a ledger. */
async function planIssuesSql(c: DuckDBConnection, S: number, calendar: Calendar): Promise<void> {
  const M = calendar.length;
  const waves = [
    ['考核', 0, 2.5 / 12, 0.25], ['第三方评估', 0, 2.5 / 12, 0.15], ['排查', 2.5 / 12, 5 / 12, 1.6], ['督战', 5 / 12, 6 / 12, 0.6],
    ['排查', 6 / 12, 1, 0.9], ['暗访', 6 / 12, 1, 0.3], ['巡视', 8 / 12, 9 / 12, 0.2], ['审计', 9 / 12, 11 / 12, 0.15],
  ] as const;
  const cats = ['档案资料', '责任落实', '产业', '就业', '基础设施', '基层党建', '村容村貌', '项目资金', '帮扶责任', '防返贫监测', '环境卫生', '政策知晓'];
  const texts: Record<string, string> = {
    档案资料: '贫困户“一户一档”资料不齐全', 责任落实: '村“两委”未定期研究巩固脱贫成果工作', 产业: '村级产业项目利益联结机制不健全',
    就业: '公益岗位未建立实名信息台账', 基础设施: '部分村民小组通组道路未硬化', 基层党建: '“三会一课”记录不规范',
    村容村貌: '村组视线范围内有白色垃圾', 项目资金: '衔接资金项目支出进度滞后于序时进度', 帮扶责任: '帮扶责任人公示牌与实际不符',
    防返贫监测: '月走访记录不完整', 环境卫生: '村内残垣断壁未清理', 政策知晓: '群众对监测申报程序知晓度低',
  };
  const waveRows = waves.map(([src, from, to, rate], i) => `(${i}, '${src}', ${from}, ${to}, ${rate})`).join(', ');
  await c.run(`create table waves as select * from (values ${waveRows}) t(wi, source, t_from, t_to, rate)`);
  await c.run(`
create table issues as
with v as (
  select village_code, town_code, county_code, lag, (case when category <> '非贫困村' then 1.6 else 1 end) * (1 + lag) * sqrt(households / 250) as weight
  from villages
), n as (
  select v.*, w.*, hash(${S}, 'issues', village_code, wi) as hv,
    floor(w.rate * weight * 2 * ((hash(${S}, 'issues', village_code, wi) % 1000000)::double / 1000000))::int as cnt
  from v, waves w
), i as (
  select n.*, k, hash(hv, k) as h from n, unnest(range(cnt)) t(k)
), d as (
  select *, (${list(cats)})[1 + (hash(h, 1) % ${cats.length})::int] as category,
    least(${M - 1}, floor((t_from + (t_to - t_from) * u(h, 2)) * ${M})::int) as fm
  from i
), e as (
  select *, mdate(fm, rint(h, 3, 1, 28)) as found from d
), f as (
  select *, strftime(found::date + (array[15, 30, 30, 30, 45, 60, 60])[rint(h, 4, 1, 7)], '%Y-%m-%d') as deadline,
    found::date + rint(h, 5, 0, 7) as started_d,
    found::date + 1 + round(11 * (1 + lag) * exp(0.6 * sqrt(-2 * ln(1 - u(h, 6))) * cos(2 * pi() * u(h, 7))))::int as fixed_d
  from e
)
select row_number() over (order by found, village_code, wi, k) as seq,
  'WT' || town_code || '-' || lpad(row_number() over (partition by town_code order by found, village_code, wi, k)::varchar, 5, '0') as issue_id,
  village_code, source, category,
  case category ${Object.entries(texts).map(([k, t]) => `when '${k}' then '${t}'`).join(' ')} end as description,
  found, deadline,
  case when category in ('档案资料', '责任落实', '基层党建') then '乡镇人民政府' when category = '项目资金' then '县财政局' when category = '产业' then '县农业农村局' else '村民委员会' end as unit,
  ${nameSql('h', 'u(h, 9) < 0.7', 10)} as person,
  strftime(started_d, '%Y-%m-%d') as started,
  strftime(greatest(fixed_d, started_d), '%Y-%m-%d') as fixed,
  strftime(greatest(fixed_d, started_d) + 1 + rint(h, 8, 3, 20), '%Y-%m-%d') as closed
from f
order by seq`);
}

/** Allocations per village project and payments along the S-curve and per household. */
async function planFundsSql(c: DuckDBConnection, S: number, calendar: Calendar): Promise<void> {
  const M = calendar.length;
  const last = calendar.last;
  const year = calendar.months[0]!.year;
  const batch2 = calendar.monthAt(4 / 12);
  const infra = ['村组道路硬化项目', '安全饮水巩固提升工程', '产业基地建设项目', '农田水利设施修缮项目', '村级光伏电站运维项目'];
  const quarterMonths = calendar.months.filter((x) => x.monthOfYear % 3 === 0).map((x) => x.index);
  await c.run(`
create table projects as
with v as (select village_code, category as vcat, lag, hash(${S}, 'funds', village_code) as hv from villages),
infra as (
  select v.*, k, hash(hv, k) as h from v, unnest(range(case when vcat <> '非贫困村' then 2 + (hash(hv, 99) % 2)::int else 1 + (hash(hv, 99) % 2)::int end)) t(k)
)
select village_code, '衔接资金' as category, (${list(infra)})[1 + (hash(h, 1) % ${infra.length})::int] as name,
  1000 * round(case when vcat <> '非贫困村' then 300 + 700 * u(h, 2) else 50 + 350 * u(h, 2) end) as amount,
  case when k = 0 then 0 else (array[0, ${batch2}, ${calendar.monthAt(8 / 12)}])[rint(h, 3, 1, 3)] end as m, lag, h, k as kk
from infra
union all
select l.village_code, '挂牌督战村专项', '挂牌督战村专项帮扶项目', 200000, ${Math.min(1, last)}, v.lag, hash(v.hv, 50), 50
from listed l join v using (village_code)
union all
select village_code, '危房改造补助', '农村危房改造项目', sum(housing_aid), 0, any_value(lag), hash(${S}, village_code, 51), 51 from hh where housing_aid > 0 group by village_code
union all
select village_code, '到户产业奖补', '到户产业奖补项目', sum(industry_aid), ${Math.min(1, last)}, any_value(lag), hash(${S}, village_code, 52), 52 from hh where industry_aid > 0 group by village_code
union all
select village_code, '公益岗位工资', '乡村公益性岗位工资', 8000 * count(*), 0, any_value(lag), hash(${S}, village_code, 53), 53 from hh where welfare_job group by village_code`);
  await c.run(`
create table allocations as
with p as (
  select *, mdate(m, rint(h, 9, 1, 28)) as date from projects
), n as (
  select *, row_number() over (partition by village_code order by kk) as pn from p
)
select row_number() over (order by date, village_code, pn) as seq,
  'XD${year}-43-' || lpad(row_number() over (order by date, village_code, pn)::varchar, 7, '0') as allocation_id,
  'XM${year}' || village_code || lpad(pn::varchar, 2, '0') as project_id,
  '${year}年' || name as project_name, category, village_code, amount, date, m, lag, h
from n order by seq`);
  // Project instalments along the S-curve (later where the village lags); household money by event.
  const sc = (t: string, lag: string) =>
    `((1 / (1 + exp(-9 * (${t} - (0.45 + 0.3 * ${lag})))) - 1 / (1 + exp(-9 * (0 - (0.45 + 0.3 * ${lag}))))) /
      (1 / (1 + exp(-9 * (1 - (0.45 + 0.3 * ${lag})))) - 1 / (1 + exp(-9 * (0 - (0.45 + 0.3 * ${lag}))))))`;
  await c.run(`
create table payments as
with proj as (
  select a.*, mm from allocations a, unnest(range(${M})) t(mm) where category in ('衔接资金', '挂牌督战村专项') and mm >= m
), cum as (
  select *, round(amount * (1 - 0.35 * lag * u(h, 20)) * ${sc(`(mm + 1)::double / ${M}`, 'lag')}) as target from proj
), step as (
  select *, target - coalesce(lag(target) over (partition by project_id order by mm), 0) as inc from cum
), inst as (
  select project_id, category, village_code, null::varchar as household_id, null::varchar as payee_name,
    inc as amount, mm, h from step where inc > 0
), hhp as (
  select a.project_id, a.category, x.village_code, x.household_id, x.head_name as payee_name, x.amount, x.mm, hash(x.h, x.mm, 7) as h
  from (
    select village_code, household_id, h, head_name, 2000 as amount, q as mm, '公益岗位工资' as cat from hh, unnest(${list(quarterMonths.map(String))}::int[]) t(q) where welfare_job
    union all
    select village_code, household_id, h, head_name, housing_aid / 2, greatest(0, gap_housing - 1), '危房改造补助' from hh where housing_aid > 0 and gap_housing < ${NEVER}
    union all
    select village_code, household_id, h, head_name, housing_aid / 2, gap_housing, '危房改造补助' from hh where housing_aid > 0 and gap_housing < ${NEVER}
    union all
    select village_code, household_id, h, head_name, industry_aid, greatest(${Math.min(1, last)}, least(${last}, floor((0.1 + 0.7 * u(h, 120) + 0.25 * lag * u(h, 121)) * ${M})::int)), '到户产业奖补'
    from hh where industry_aid > 0 and u(h, 122) >= 0.08 + 0.2 * lag
  ) x join allocations a on a.village_code = x.village_code and a.category = x.cat
  where x.mm <= ${last}
), allp as (
  select * from inst union all select * from hhp
), dated as (
  select *, mdate(mm, rint(h, 30, 1, 28)) as date0 from allp
), joined as (
  select d.*, greatest(d.date0, a.date) as date from dated d join allocations a using (project_id)
)
select row_number() over (order by date, project_id, household_id nulls first) as seq,
  'ZF${year}-43-' || lpad(row_number() over (order by date, project_id, household_id nulls first)::varchar, 8, '0') as payment_id,
  project_id, category, village_code, household_id, payee_name, amount, date
from joined order by seq`);
}
