/**
 * The two reference ways bench:ingest times beside bare DuckDB and our loader, for the design
 * issue 20 proposed (read each file with the contract's types, compute every rule in the same
 * pass, write once):
 * - the floor: read_csv with the contract's types (store_rejects on) into a table, no rule at all;
 * - the lower bound: the same read with every rule that remains once DuckDB has cast the cells
 *   (required, patterns, enum values, true/false words, bounds, the ID check digit, the month,
 *   the row rules) computed in the same select, and the codes of the broken rules written beside
 *   each row. No slow path for refused cells, no messages, no plan, no row numbers: any design
 *   of that kind costs at least this.
 * Both read the contract, so they follow it when it changes. Household files only.
 */
import { quoteLiteral as lit, sqlList } from '../../core/sql.ts';
import { FALSE_WORDS, TRUE_WORDS } from '../contracts/define.ts';
import { columnsOf, contracts } from '../contracts/index.ts';
import { sqlTypes } from '../ddl.ts';
import { mapHeaders } from '../readers/headers.ts';
import { gb11643CheckChar } from '../validate-sql.ts';

const contract = contracts.household;

/** Columns DuckDB reads as text: bool and month words are not DuckDB's own forms. */
const readsAsText = (kind: string) => kind === 'bool' || kind === 'month' || kind === 'text' || kind === 'enum';

function readCsv(csv: string, headers: readonly string[], rename: boolean): string {
  const byName = new Map(columnsOf(contract).map((c) => [c.name, c]));
  const columns = mapHeaders('household', headers).map((name, i) => {
    const c = name ? byName.get(name) : undefined;
    const type = !c || readsAsText(c.kind) ? 'varchar' : sqlTypes[c.kind];
    const as = !rename ? headers[i]! : c && (c.kind === 'bool' || c.kind === 'month') ? `__raw_${c.name}` : (name ?? `__x${i}`);
    return `${lit(as)}: ${lit(type)}`;
  });
  return `read_csv(${lit(csv)}, header = true, columns = {${columns.join(', ')}}, store_rejects = true,
    auto_detect = false, delim = ',', quote = '"', escape = '"')`;
}

/** The floor: the typed read into a table. */
export function typedFloorSql(csv: string, headers: readonly string[]): string {
  return `create table household as select * from ${readCsv(csv, headers, false)}`;
}

/** The lower bound: the typed read, every remaining rule in the same select, written once. */
export function typedBoundSql(csv: string, headers: readonly string[], month: string): string {
  const checks: [string, string][] = [];
  const converted: string[] = [];
  for (const c of columnsOf(contract)) {
    const v = `"${c.name}"`;
    const text = `"__raw_${c.name}"`;
    const asRead = c.kind === 'bool' || c.kind === 'month' ? text : v;
    if (c.required) checks.push(['required', `${asRead} is null`]);
    if (c.kind === 'bool') {
      converted.push(`case when list_contains([${sqlList(TRUE_WORDS)}], ${text}) then true when list_contains([${sqlList(FALSE_WORDS)}], ${text}) then false end as ${v}`);
      checks.push(['type_bool', `${text} is not null and ${v} is null`]);
    } else if (c.kind === 'month') {
      converted.push(`try_strptime(${text}, '%Y-%m')::date as ${v}`);
      checks.push(['month_mismatch', `${text} is not null and ${v} is distinct from date '${month}-01'`]);
    }
    if (c.kind === 'enum' && c.unknown?.action !== 'warn') checks.push(['enum', `${v} is not null and not list_contains([${sqlList(c.values ?? [])}], ${v})`]);
    if (c.pattern) checks.push(['pattern', `${v} is not null and not regexp_full_match(${v}, ${lit(c.pattern.regex)})`]);
    if (c.min !== undefined) checks.push(['min', `${v} < ${c.min}`]);
    if (c.max !== undefined) checks.push(['max', `${v} > ${c.max}`]);
    if (c.check === 'gb11643') {
      // The first 17 digits read once into a column, as the loader does (validate-sql.ts).
      const digits = `"__id17_${c.name}"`;
      converted.push(`try_cast(left(${v}, 17) as bigint) as ${digits}`);
      checks.push(['id_check_digit', `${v} is not null and regexp_full_match(${v}, ${lit(c.pattern?.regex ?? '.*')}) and ${gb11643CheckChar(digits)} <> substr(${v}, 18, 1)`]);
    }
  }
  for (const r of contract.rowRules) checks.push([r.code, `(${r.violation})`]);
  return `create table household as
    select *, case when not __ok then list_filter([${checks.map(([code, when]) => `case when ${when} then ${lit(code)} end`).join(', ')}], x -> x is not null) end as _errors
    from (select *, not coalesce(${checks.map(([, when]) => `(${when})`).join(' or ')}, false) as __ok
          from (select *, ${converted.join(', ')} from ${readCsv(csv, headers, true)}))`;
}
