import { quoteIdent as q, quoteLiteral as lit } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { columnsOf, type Contract } from '../contracts/index.ts';
import { isBlank, keyOf } from '../validate-sql.ts';
import { CHECKED, LIVE_FILES } from './validate.ts';
import type { AreaChange, Replacement } from './types.ts';

/**
 * What a load replaces. The unit is (entity, month, area): the areas (villages) named by the
 * rows of the files, decided before anything is written. Rows of areas the files do not
 * mention stay, unless the whole month is replaced on purpose.
 */
export const COVERAGE = 'coverage';
export const DUPLICATES = 'duplicate_keys';
/** Per file and area, the rows of the repeated keys (see duplicateRows). */
export const DUPLICATE_ROWS = 'duplicate_rows';

/** The column that names a row's area, and the form a code must have to count. */
export function areaColumn(contract: Contract): { column: string; pattern: string } {
  const c = columnsOf(contract).find((x) => x.name === 'village_code');
  if (!c?.pattern) throw new Error(`${contract.entity}: a contract needs a village_code column with a pattern`);
  return { column: c.name, pattern: c.pattern.regex };
}

export interface PlanOptions {
  contract: Contract;
  month: string;
  replaceMonth: boolean;
  /** The load ids of the group's files: their rows are staged in raw already, and are not what the load replaces. */
  newLoads: readonly number[];
}

/** Rows of raw.<entity> the load found there (not its own staged rows). */
export function existingRows(o: PlanOptions, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}snapshot_month = date '${o.month}-01'${o.newLoads.length ? ` and ${a}_load_id not in (${o.newLoads.join(', ')})` : ''}`;
}

/**
 * Each file's rows by area, counted once in one scan of the staged rows (validate.ts): the
 * file counts, the coverage, the load counts and the rows after the load are all read from this
 * small table instead of scanning the staged rows again for each.
 */
export const FILE_AREAS = 'file_areas';

/** Counts a group's staged rows by file and area (blank rows included, under their own count). */
export async function countFileAreas(wh: Warehouse, contract: Contract, scope: { table: string; where: string }, month: string): Promise<void> {
  const a = q(areaColumn(contract).column);
  const hasMonth = columnsOf(contract).some((c) => c.name === 'data_month');
  const row = `not ${isBlank()}`;
  await wh.run(`create or replace temp table ${FILE_AREAS} as
    select _source_file as file, ${a} as area, count(*)::integer as total,
      count(*) filter (${row})::integer as read,
      count(*) filter (${row} and _errors is not null)::integer as broken,
      count(*) filter (${row} and _errors is null)::integer as ok,
      count(*) filter (${row} and _errors is null and _warnings is not null and len(_warnings) > 0)::integer as warned,
      ${hasMonth ? `count(*) filter (${row} and data_month is not null)` : '0'}::integer as month_known,
      ${hasMonth ? `count(*) filter (${row} and data_month = date '${month}-01')` : '0'}::integer as month_match
    from ${scope.table} where ${scope.where} group by all`);
}

/** The areas each live file covers; with replaceMonth, every area the month holds is covered too. */
export async function planCoverage(wh: Warehouse, o: PlanOptions): Promise<void> {
  const { column, pattern } = areaColumn(o.contract);
  const a = q(column);
  // The pattern is tested on the few distinct areas, not on every row.
  await wh.run(`create or replace temp table ${COVERAGE} as
    select distinct file, area from ${FILE_AREAS} semi join ${LIVE_FILES} using (file)
    where read > 0 and area is not null and regexp_full_match(area, ${lit(pattern)})
    ${o.replaceMonth ? `union select distinct null::varchar, ${a} from raw.${o.contract.entity} where ${existingRows(o)}` : ''}`);
}

/**
 * Keys that occur more than once: among the new rows, or between a new row and a row the load
 * keeps (a row of an area it does not cover), with every place each occurs.
 */
export async function findDuplicates(wh: Warehouse, o: PlanOptions): Promise<void> {
  const { contract } = o;
  const key = keyOf(contract, 'c');
  const keyNotNull = contract.key.map((k) => `c.${q(k)} is not null`).join(' and ');
  const { column } = areaColumn(contract);
  const keptRows = `from raw.${contract.entity} c where ${existingRows(o, 'c')} and c.${q(column)} not in (select area from ${COVERAGE})`;
  const kept = o.replaceMonth
    ? { keys: '', places: '' }
    : {
        keys: `union all select ${key} ${keptRows} and ${keyNotNull}`,
        places: `union all
      select ${key}, '仓库中已有（' || regexp_extract(c._source_file, '[^/\\\\]+$') || '第' || c._row_number || '行）', c._source_file, c._row_number
      ${keptRows} and ${key} in (select __k from repeated)`,
      };
  // The repeated keys first, from the keys alone; the places (file and row) are built only for
  // the rows of those few keys. Building them for every row cost more than finding the keys.
  await wh.run(`create or replace temp table ${DUPLICATES} as
    with keyed as (
      select ${key} as __k from ${CHECKED} c where ${keyNotNull}
      ${kept.keys}
    ),
    repeated as (select __k from keyed group by 1 having count(*) > 1),
    places as (
      select ${key} as __k, c.__file_label || '第' || c.__row || '行' as place, c.__file as f, c.__row as r
      from ${CHECKED} c semi join repeated d on d.__k = ${key}
      ${kept.places}
    )
    select __k, list(place order by f, r) as __places from places group by 1`);
}

/**
 * Per live file and area, the rows of repeated keys: all of them, and those that broke no rule
 * of their own (and of these, the warned ones). Empty, without a scan, when no key repeats.
 */
async function duplicateRows(wh: Warehouse, contract: Contract): Promise<void> {
  const key = keyOf(contract, 'c');
  const a = q(areaColumn(contract).column);
  const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${DUPLICATES}`);
  await wh.run(`create or replace temp table ${DUPLICATE_ROWS} as
    select c.__file as file, c.${a} as area, count(*)::integer as n, count(*) filter (c.__ok)::integer as ok,
      count(*) filter (c.__ok and c.__warnings is not null and len(c.__warnings) > 0)::integer as warned
    from ${CHECKED} c semi join ${DUPLICATES} d on d.__k = ${key}
    where ${n > 0 ? 'true' : 'false'} group by all`);
}

/** Rows each live file would load and reject, duplicates included. */
export async function loadCounts(wh: Warehouse, contract: Contract): Promise<Map<string, { loaded: number; rejected: number; duplicated: number; warned: number }>> {
  await duplicateRows(wh, contract);
  const rows = await wh.all<{ file: string; loaded: number; rejected: number; duplicated: number; warned: number }>(
    `with f as (select file, sum(read)::integer as read, sum(ok)::integer as ok, sum(warned)::integer as warned
                from ${FILE_AREAS} semi join ${LIVE_FILES} using (file) group by 1),
     d as (select file, sum(n)::integer as n, sum(ok)::integer as ok, sum(warned)::integer as warned from ${DUPLICATE_ROWS} group by 1)
     select file, f.ok - coalesce(d.ok, 0) as loaded, f.warned - coalesce(d.warned, 0) as warned,
       f.read - f.ok + coalesce(d.ok, 0) as rejected, coalesce(d.n, 0) as duplicated
     from f left join d using (file)`,
  );
  return new Map(rows.map(({ file, ...r }) => [file, r]));
}

/** Drops files from the group's live rows (they failed as files). */
export async function dropFiles(wh: Warehouse, files: string[]): Promise<void> {
  for (const f of files) await wh.run(`delete from ${LIVE_FILES} where file = $1`, [f]);
}

/** Rows before → after for every covered area, named from the village register where it knows them. */
export async function replacementOf(wh: Warehouse, o: PlanOptions): Promise<{ group: Replacement; byFile: Map<string, Replacement> }> {
  const { contract } = o;
  const { column } = areaColumn(contract);
  const a = q(column);
  const month = `date '${o.month}-01'`;
  const areas = await wh.all<AreaChange & { files: (string | null)[] }>(
    `with cov as (select area, list(file) as files from ${COVERAGE} group by 1),
     before as (select ${a} as area, count(*)::integer as n from raw.${contract.entity}
                where ${existingRows(o)} and ${a} in (select area from cov) group by 1),
     after as (select area, (x.ok - coalesce(d.ok, 0))::integer as n
               from (select area, sum(ok) as ok from ${FILE_AREAS} semi join ${LIVE_FILES} using (file) group by 1) x
               left join (select area, sum(ok) as ok from ${DUPLICATE_ROWS} group by 1) d using (area)),
     names as (select village_code, any_value(coalesce(county_name, '') || coalesce(town_name, '') || coalesce(village_name, '')) as name
               from raw.village where village_code in (select area from cov) group by 1)
     select cov.area as code, n.name, coalesce(b.n, 0) as before, coalesce(x.n, 0) as after, cov.files
     from cov left join before b using (area) left join after x using (area) left join names n on n.village_code = cov.area
     order by cov.area`,
  );
  // Town (9 digits) or, for an area booked to a whole county, county (6 digits): named from the village register.
  const prefixOf = (code: string) => code.slice(0, code.length >= 9 ? 9 : 6);
  const towns = new Map(
    (
      await wh.all<{ prefix: string; name: string }>(
        `select left(village_code, 9) as prefix, any_value(coalesce(county_name, '') || coalesce(town_name, '')) as name
         from raw.village where left(village_code, 9) in (select distinct left(area, 9) from ${COVERAGE}) group by 1
         union all
         select left(village_code, 6), any_value(coalesce(county_name, '') || '（县级）')
         from raw.village where left(village_code, 6) in (select area from ${COVERAGE} where length(area) = 6) group by 1`,
      )
    ).map((t) => [t.prefix, t.name]),
  );
  const summarise = (list: AreaChange[], removedAreas: number): Replacement => ({
    areas: list,
    towns: [...new Set(list.map((x) => prefixOf(x.code)))].map((p) => towns.get(p) ?? `${p.length === 6 ? '县' : '乡镇'}${p}`),
    before: list.reduce((s, x) => s + x.before, 0),
    after: list.reduce((s, x) => s + x.after, 0),
    removedAreas,
  });
  const strip = ({ files: _files, ...x }: AreaChange & { files: (string | null)[] }): AreaChange => x;
  const unmentioned = areas.filter((x) => x.files.every((f) => f === null));
  const byFile = new Map<string, Replacement>();
  for (const f of new Set(areas.flatMap((x) => x.files).filter((x): x is string => x !== null))) {
    byFile.set(f, summarise(areas.filter((x) => x.files.includes(f)).map(strip), 0));
  }
  return { group: summarise(areas.map(strip), unmentioned.length), byFile };
}
