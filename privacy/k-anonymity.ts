/**
 * The analysts' household table made k-anonymous on its quasi-identifiers (village, family size,
 * labour count, household type, poverty cause) for the default Parquet export; the pseudonymous
 * table itself is exported only with --internal.
 *
 * Rows are published level by level: at each level the quasi-identifiers are coarser, and a row
 * is published at the first level where at least k of the rows still unpublished share its values
 * (per month, each month being a release of its own); rows that never reach k are dropped. A
 * published class therefore always holds ≥ k rows. The household key is dropped, so months
 * cannot be linked row to row.
 */

interface Level {
  area: string;
  areaLevel: string;
  size: string;
  labor: string;
  cause: string;
}

const SIZE_BAND = `case when family_size <= 2 then family_size::varchar when family_size <= 4 then '3-4' else '5+' end`;
const LABOR_BAND = `case when labor_count = 0 then '0' when labor_count = 1 then '1' else '2+' end`;
const GENERALISED = `'（已泛化）'`;

export const LEVELS: Level[] = [
  { area: 'village_code', areaLevel: `'village'`, size: 'family_size::varchar', labor: 'labor_count::varchar', cause: 'poverty_cause' },
  { area: 'village_code', areaLevel: `'village'`, size: SIZE_BAND, labor: LABOR_BAND, cause: 'poverty_cause' },
  { area: 'town_code', areaLevel: `'town'`, size: SIZE_BAND, labor: LABOR_BAND, cause: 'poverty_cause' },
  { area: 'town_code', areaLevel: `'town'`, size: SIZE_BAND, labor: LABOR_BAND, cause: GENERALISED },
  { area: 'county_code', areaLevel: `'county'`, size: SIZE_BAND, labor: LABOR_BAND, cause: GENERALISED },
];

/** Columns replaced by their generalised forms (the key is dropped). */
const QUASI = ['household_key', 'village_code', 'town_code', 'family_size', 'labor_count', 'poverty_cause'];

/** A select over marts.mart_household_analyst that is k-anonymous on the quasi-identifiers. */
export function kAnonymousHouseholdsSql(k: number): string {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k 应为不小于2的整数：${k}`);
  const ctes: string[] = [`base as (select row_number() over () as rid, * from marts.mart_household_analyst)`, `r0 as (select * from base)`];
  LEVELS.forEach((l, i) => {
    const qi = `${l.area} as q_area, ${l.areaLevel} as q_area_level, ${l.size} as q_size, ${l.labor} as q_labor, household_type as q_type, ${l.cause} as q_cause`;
    ctes.push(
      `s${i} as (select rid, ${i} as generalisation_level, ${qi} from r${i})`,
      `c${i} as (select *, count(*) over (partition by b.snapshot_month, q_area, q_size, q_labor, q_type, q_cause) as n from s${i} join base as b using (rid))`,
      `p${i} as (select rid, generalisation_level, q_area, q_area_level, q_size, q_labor, q_cause from c${i} where n >= ${k})`,
      `r${i + 1} as (select r.* from r${i} as r anti join p${i} using (rid))`,
    );
  });
  const published = LEVELS.map((_, i) => `select * from p${i}`).join(' union all ');
  return `with ${ctes.join(',\n')},
published as (${published})
select
  b.snapshot_month, p.q_area as area_code, p.q_area_level as area_level, b.county_code,
  p.q_size as family_size, p.q_labor as labor_count, b.household_type, p.q_cause as poverty_cause,
  b.* exclude (${QUASI.join(', ')}, rid, snapshot_month, county_code, household_type),
  p.generalisation_level
from published as p
join base as b using (rid)`;
}
