/**
 * The one definition of which words are people's names and which are place names, and of what
 * counts as a name found in text. Two parts of the product need it and must agree exactly:
 *   - staging masks free text (models/staging/stg_free_text.sql) against meta.personal_names and
 *     meta.place_names, which the model runner makes from the queries below on every run;
 *   - the privacy gate (secrets.ts, scan.ts) runs the same queries on the warehouse it checks.
 * When they used different name sets (staging: the names of the same county and month; the gate:
 * every name in the warehouse), a city of five counties failed its own gate: a project named after
 * a village, 2024年杨X村…项目, was not masked because 杨X is a person only in another county, and
 * the gate then found the name 杨X in it.
 *
 * What counts as a name hit (scan.ts namesInRun and stg_free_text implement it, on runs of Chinese
 * text; test/privacy/names.test.ts feeds the same cases to both):
 *   a name from the set, two characters or more, anywhere in a run, except where that occurrence
 *   lies inside an occurrence of a place name from the set which is longer than the name, or which
 *   is the whole run (a table cell 石塘村, or 石塘 when a village is called so). So 杨X村村民委员会
 *   is a place, while 杨X家危房改造 and 石塘家 (a person 石塘 beside the village 石塘村) are names.
 */
import { columnsOf, contracts, entityNames } from '../pipelines/contracts/index.ts';
import { quoteIdent as q, sqlList } from '../core/sql.ts';
import type { Warehouse } from '../core/warehouse.ts';
import { secretKindOf } from './secrets.ts';

/** The characters a name or a place name is made of (RE2 syntax): CJK and the middle dot of minority names. */
export const NAME_CHARS = String.raw`\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{B7}`;
/** A run of Chinese text, the unit names are looked for in (scan.ts CJK_RUN). */
export const RUN_PATTERN = `[${NAME_CHARS}]+`;
const WORD = `[${NAME_CHARS}]{2,}`;

/** Which columns a query may read: `table.column` as information_schema spells it (raw.household.head_name). */
export type Present = (tableDotColumn: string) => boolean;

/** The personal name columns of the raw tables, from the contracts (户主、帮扶责任人、责任人、收款人、带队领导…). */
export function nameColumns(): { table: string; column: string }[] {
  const out: { table: string; column: string }[] = [];
  for (const entity of entityNames) {
    for (const c of columnsOf(contracts[entity])) if (secretKindOf(c) === 'name') out.push({ table: `raw.${entity}`, column: c.name });
  }
  return out;
}

/**
 * Every person's name held in the warehouse, of every month and area: the personal name columns of
 * the raw tables and the same columns' values in raw.rejects. One column, person_name.
 */
export function personalNamesSql(present: Present): string {
  const columns = nameColumns().filter((c) => present(`${c.table}.${c.column}`));
  const parts = columns.map((c) => `select trim(${q(c.column)}::varchar) as v from ${c.table} where ${q(c.column)} is not null`);
  const rejected = [...new Set(columns.map((c) => c.column))];
  if (present('raw.rejects.value') && rejected.length) {
    parts.push(`select trim(value) from raw.rejects where value is not null and column_name in (${sqlList(rejected)})`);
  }
  if (parts.length === 0) return `select null::varchar as person_name where false`;
  return `select distinct v as person_name from (\n  ${parts.join('\n  union all\n  ')}\n) where regexp_full_match(v, '${WORD}')`;
}

/**
 * Every place name of the warehouse: villages, towns and counties as its village files write them,
 * and, from the national register (ref.national_village), every unit of the counties its ledgers
 * cover (so a village named only by a ledger is a place too), with its town, county and city. One
 * column, place_name.
 */
export function placeNamesSql(present: Present): string {
  const parts: string[] = [];
  for (const c of ['village_name', 'town_name', 'county_name']) {
    if (present(`raw.village.${c}`)) parts.push(`select trim(${c}) as p from raw.village where ${c} is not null`);
  }
  const coded = entityNames.filter((e) => present(`raw.${e}.village_code`));
  if (present('ref.national_village.code') && coded.length) {
    const counties = coded.map((e) => `select distinct left(village_code, 6) as county_code from raw.${e} where village_code is not null`).join(' union ');
    parts.push(`select trim(unnest([village_name, v, town_name, county_name, city_name])) from ref.national_village
      where left(code, 6) in (${counties})`);
  }
  if (parts.length === 0) return `select null::varchar as place_name where false`;
  return `select distinct p as place_name from (\n  ${parts.join('\n  union all\n  ')}\n) where p is not null and regexp_full_match(p, '${WORD}')`;
}

/** Which table.column pairs the warehouse has. */
export async function presentColumns(db: Warehouse): Promise<Present> {
  const rows = await db.all<{ c: string }>(`select table_schema || '.' || table_name || '.' || column_name as c from information_schema.columns`);
  const set = new Set(rows.map((r) => r.c));
  return (c) => set.has(c);
}

/**
 * meta.personal_names and meta.place_names, made afresh by the model runner before the models, so
 * that stg_free_text masks with exactly the sets the gate will check against. They hold personal
 * data, like raw, and are never published.
 */
export async function refreshNameTables(db: Warehouse): Promise<void> {
  const present = await presentColumns(db);
  await db.run(`create or replace table meta.personal_names as ${personalNamesSql(present)}`);
  await db.run(`create or replace table meta.place_names as ${placeNamesSql(present)}`);
}
