import { ruleLabels, type RuleCode } from '../core/glossary.ts';
import { quoteIdent as q, quoteLiteral as lit, sqlList } from '../core/sql.ts';
import {
  DATE_RE,
  DECIMAL_RE,
  EXCEL_SERIAL_MAX,
  EXCEL_SERIAL_MIN,
  EXCEL_SERIAL_RE,
  FALSE_WORDS,
  GB11643_WEIGHTS,
  INT_RE,
  MONTH_RE,
  TRUE_WORDS,
  type ColumnSpec,
  type Contract,
} from './contracts/define.ts';
import { columnsOf } from './contracts/index.ts';
import { sqlTypes } from './ddl.ts';

/**
 * SQL generated from a contract that validates a file's cells (every contract column as
 * VARCHAR as written, NULL when empty, plus __file, __sheet, __row, __blank, __extra) and
 * produces `checked`: typed columns plus __errors, a list of structs naming column, rule,
 * value and the Chinese/English explanation. A row with an empty __errors list is loaded.
 */

/** The JS regexes of the contract module, as RE2 full-match patterns. */
function re2(re: RegExp): string {
  return re.source.replace(/^\^/, '').replace(/\$$/, '');
}

const DATE_FORMATS = ['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y%m%d', '%Y年%m月%d日'];

export const raw = (name: string) => q(`__raw_${name}`);

/** A cell as read_csv yields it: NULL when empty, not yet trimmed (checkedInsert trims it). */
export function cellExpr(column: string): string {
  return `nullif(${column}, '')`;
}

/** A cell's text trimmed of TRIMMED_CHARS (what trim() strips), NULL when blank. */
export function trimmedCell(column: string): string {
  return `nullif(trim(${column}), '')`;
}

/**
 * Whether a row is blank: every cell empty once trimmed. Trimming every cell of every row cost
 * more than all the checks together; a row whose first non-empty cell holds text is not blank,
 * and only the rare row whose first cell is all spaces has the rest of its cells trimmed.
 */
export function blankRowExpr(columns: readonly string[]): string {
  const first = `coalesce(${columns.join(', ')})`;
  return `case when ${first} is null then true when trim(${first}) <> '' then false
    else coalesce(${columns.map(trimmedCell).join(', ')}) is null end`;
}

/**
 * Whether an untrimmed cell is already in a form its column accepts. No such form starts or
 * ends with a space (the patterns, number and date forms and enum words have none), so the
 * cell equals its trimmed self and trim() can be skipped: trim() decodes every character, and
 * skipping it saved about 1 CPU-second per million 35-column rows. Cells that fail this test
 * are trimmed and judged in full, so the verdicts are those of trimming every cell.
 * Null for free text, which is always trimmed.
 */
function acceptedForm(c: ColumnSpec, v: string): string | null {
  switch (c.kind) {
    case 'text':
      return c.pattern ? `regexp_full_match(${v}, ${lit(c.pattern.regex)})` : null;
    case 'enum':
      return `list_contains([${sqlList(c.values ?? [])}], ${v})`;
    case 'bool':
      return `list_contains([${sqlList([...TRUE_WORDS, ...FALSE_WORDS])}], ${v})`;
    case 'int':
      return `regexp_full_match(${v}, ${lit(re2(INT_RE))})`;
    case 'decimal':
      return `regexp_full_match(${v}, ${lit(re2(DECIMAL_RE))})`;
    case 'date':
      return `regexp_full_match(${v}, ${lit(re2(DATE_RE))})`;
    case 'month':
      return `regexp_full_match(${v}, ${lit(re2(MONTH_RE))})`;
  }
}

/** For numbers and dates, the cast of text already in the accepted form; the other kinds have none. */
function castOf(c: ColumnSpec, v: string): string | null {
  switch (c.kind) {
    case 'int':
      return `try_cast(${v} as integer)`;
    case 'decimal':
      // Through DOUBLE, as the zod side parses it; a VARCHAR → DECIMAL cast is several times slower.
      return `try_cast(${v} as double)::${sqlTypes.decimal}`;
    case 'date':
      return `try_strptime(${v}, [${sqlList(DATE_FORMATS)}])::date`;
    default:
      return null;
  }
}

/** The typed value of a cell known to be in an accepted form: typedExpr without its form test. */
function typedAccepted(c: ColumnSpec): string {
  return castOf(c, raw(c.name)) ?? typedExpr(c);
}

/** The flag column saying a cell of `c` is in its accepted form; only columns that have one get it. */
const accepted = (c: ColumnSpec) => q(`__accepted_${c.name}`);
const hasAcceptedForm = (c: ColumnSpec) => acceptedForm(c, raw(c.name)) !== null;

/**
 * Typed value of a raw cell; NULL when blank or when the text is not of the column's type.
 * Membership tests use list_contains, never IN (…): DuckDB turns a long IN list into a join,
 * which loses the file order that CSV row numbers are read from.
 */
export function typedExpr(c: ColumnSpec): string {
  const v = raw(c.name);
  const digits = `replace(${v}, ',', '')`;
  switch (c.kind) {
    case 'text':
    case 'enum':
      return v;
    case 'int':
    case 'decimal':
      return `case when ${acceptedForm(c, digits)} then ${castOf(c, digits)} end`;
    case 'date':
      return `case when ${acceptedForm(c, v)} then ${castOf(c, v)} end`;
    case 'bool':
      return `case when list_contains([${sqlList(TRUE_WORDS)}], ${v}) then true when list_contains([${sqlList(FALSE_WORDS)}], ${v}) then false end`;
    case 'month': {
      // The common 2024-06 is read by position; other spellings go through the regex, then a
      // whole date gives its month, then an Excel date serial (days from 1899-12-30) does.
      const part = (i: number) => `try_cast(regexp_extract(${v}, ${lit(MONTH_RE.source)}, ${i}) as integer)`;
      const mm = `try_cast(substr(${v}, 6, 2) as integer)`;
      return `case when length(${v}) = 7 and substr(${v}, 5, 1) = '-' and regexp_full_match(${v}, '\\d{4}-\\d{2}')
          then case when ${mm} between 1 and 12 then make_date(try_cast(left(${v}, 4) as integer), ${mm}, 1) end
        when regexp_full_match(${v}, ${lit(re2(MONTH_RE))}) then case when ${part(2)} between 1 and 12 then make_date(${part(1)}, ${part(2)}, 1) end
        when regexp_full_match(${v}, ${lit(re2(DATE_RE))}) then date_trunc('month', ${castOf({ ...c, kind: 'date' }, v)})::date
        when regexp_full_match(${v}, ${lit(re2(EXCEL_SERIAL_RE))}) and try_cast(${v} as integer) between ${EXCEL_SERIAL_MIN} and ${EXCEL_SERIAL_MAX}
          then date_trunc('month', date '1899-12-30' + try_cast(${v} as integer))::date end`;
    }
  }
}

/** The first 17 characters of an ID number as a number, computed once per row (see gb11643Wrong). */
const gb11643Digits = (c: ColumnSpec) => q(`__id17_${c.name}`);

/**
 * Digits by integer arithmetic on the first 17 characters, read once into a column: written
 * inline, DuckDB evaluates the cast once per digit behind the pattern test (4× slower).
 */
function gb11643Wrong(c: ColumnSpec): string {
  const n = gb11643Digits(c);
  const sum = GB11643_WEIGHTS.map((w, i) => `((${n} // ${10n ** BigInt(16 - i)}) % 10) * ${w}`).join(' + ');
  return `substr('10X98765432', ((${sum}) % 11)::integer + 1, 1) <> substr(${raw(c.name)}, 18, 1)`;
}

/** Personal values and identifiers are masked in messages (which reach logs); the raw value stays in the warehouse. */
export function shown(c: ColumnSpec, v: string): string {
  if (!c.personal && !c.masked) return v;
  return `case when length(${v}) <= 4 then repeat('*', length(${v})) else left(${v}, 2) || repeat('*', length(${v}) - 4) || right(${v}, 2) end`;
}

interface Check {
  when: string;
  column: string;
  rule: string;
  value: string;
  shownValue: string;
  zh: string;
  en: string;
  /** SQL appended to the Chinese explanation, for details known only per row. */
  zhSuffix?: string;
}

function error(check: Check): string {
  const zh = check.zhSuffix ? `${lit(check.zh)} || ${check.zhSuffix}` : lit(check.zh);
  return (
    `case when ${check.when} then {'column': ${lit(check.column)}, 'rule': ${lit(check.rule)}, ` +
    `'value': ${check.value}, 'shown': ${check.shownValue}, 'zh': ${zh}, 'en': ${lit(check.en)}} end`
  );
}

function label(rule: RuleCode) {
  return ruleLabels[rule];
}

function columnChecks(c: ColumnSpec, missing: ReadonlySet<string>): Check[] {
  const v = raw(c.name);
  const t = q(c.name);
  const base = { column: c.name, value: v, shownValue: shown(c, v) };
  const checks: Check[] = [];
  // A cell in an accepted form passes the form tests; CASE spares it the second look.
  const unlessAccepted = (when: string) => (!hasAcceptedForm(c) ? when : `case when ${accepted(c)} then false else ${when} end`);
  if (c.required && missing.has(c.name)) {
    checks.push({ ...base, when: 'true', rule: 'missing_column', ...label('missing_column') });
  } else if (c.required) {
    checks.push({ ...base, when: `${v} is null`, rule: 'required', ...label('required') });
  }
  if (c.kind === 'enum') {
    const values = c.values ?? [];
    checks.push({
      ...base,
      when: unlessAccepted(`${v} is not null and not list_contains([${sqlList(values)}], ${v})`),
      rule: 'enum',
      zh: `${label('enum').zh}（${values.join('、')}）`,
      en: `${label('enum').en} (${values.join(', ')})`,
    });
  } else if (c.kind !== 'text') {
    const rule = `type_${c.kind}` as RuleCode;
    checks.push({ ...base, when: `${v} is not null and ${t} is null`, rule, ...label(rule) });
  }
  if (c.min !== undefined) {
    checks.push({ ...base, when: `${t} < ${c.min}`, rule: 'min', zh: `${label('min').zh} ${c.min}`, en: `${label('min').en} ${c.min}` });
  }
  if (c.max !== undefined) {
    checks.push({ ...base, when: `${t} > ${c.max}`, rule: 'max', zh: `${label('max').zh} ${c.max}`, en: `${label('max').en} ${c.max}` });
  }
  if (c.pattern) {
    checks.push({
      ...base,
      when: unlessAccepted(`${v} is not null and not regexp_full_match(${v}, ${lit(c.pattern.regex)})`),
      rule: 'pattern',
      zh: `${label('pattern').zh}：${c.pattern.zh}`,
      en: `${label('pattern').en}`,
    });
  }
  if (c.check === 'gb11643') {
    const ok = c.pattern ? `case when ${accepted(c)} then true else regexp_full_match(${v}, ${lit(c.pattern.regex)}) end` : 'true';
    checks.push({ ...base, when: `${v} is not null and ${ok} and ${gb11643Wrong(c)}`, rule: 'id_check_digit', ...label('id_check_digit') });
  }
  return checks;
}

export interface CheckedInsertOptions {
  /** A query yielding __file, __file_label, __sheet, __row, __blank, __extra and __raw_<column>. */
  cells: string;
  /** Contract columns the file does not have. */
  missing: ReadonlySet<string>;
  month: string; // 'YYYY-MM'
  target: string;
}

/** The temporary table rows are validated into: typed columns, whether the row passed, and why not. */
export function checkedTableDdl(contract: Contract, target: string): string {
  const cols = columnsOf(contract).map((c) => `${q(c.name)} ${sqlTypes[c.kind]}`);
  return `create or replace temp table ${target} (
  __file varchar, __file_label varchar, __sheet varchar, __row integer, __blank boolean,
  ${cols.join(',\n  ')},
  __ok boolean,
  __errors struct("column" varchar, rule varchar, value varchar, shown varchar, zh varchar, en varchar)[]
)`;
}

/**
 * One pass over the cells: typed values, a cheap pass/fail flag for every row, and the list of
 * broken rules built only for the rows that fail. Duplicate keys are found afterwards over the
 * whole group (see duplicateKeysQuery), since they need every file of the month.
 */
export function checkedInsert(contract: Contract, o: CheckedInsertOptions): string {
  const columns = columnsOf(contract);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const checks: Check[] = columns.flatMap((c) => columnChecks(c, o.missing));
  if (byName.has('data_month')) {
    checks.push({
      column: 'data_month',
      value: raw('data_month'),
      shownValue: raw('data_month'),
      when: `${q('data_month')} <> date '${o.month}-01'`,
      rule: 'month_mismatch',
      zh: `${label('month_mismatch').zh}（${o.month}）`,
      en: `${label('month_mismatch').en} (${o.month})`,
    });
  }
  for (const r of contract.rowRules) {
    const c = byName.get(r.column)!;
    checks.push({ column: r.column, value: raw(r.column), shownValue: shown(c, raw(r.column)), when: `(${r.violation})`, rule: r.code, zh: r.zh, en: r.en });
  }
  checks.push({ column: '__extra', value: '__extra', shownValue: `'…'`, when: '__extra is not null', rule: 'too_many_columns', ...label('too_many_columns') });

  const typed = (c: ColumnSpec) => (!hasAcceptedForm(c) ? typedExpr(c) : `case when ${accepted(c)} then ${typedAccepted(c)} else ${typedExpr(c)} end`);
  const typedCols = [
    ...columns.map((c) => `${typed(c)} as ${q(c.name)}`),
    ...columns.filter((c) => c.check === 'gb11643').map((c) => `try_cast(left(${raw(c.name)}, 17) as bigint) as ${gb11643Digits(c)}`),
  ].join(',\n      ');
  const anyBroken = checks.map((c) => `(${c.when})`).join('\n        or ');
  return `insert into ${o.target}
select __file, __file_label, __sheet, __row, __blank,
  ${columns.map((c) => q(c.name)).join(', ')},
  __ok,
  case when not __ok and not __blank then list_filter([
      ${checks.map(error).join(',\n      ')}
    ], e -> e is not null) end
from (
  select *, not coalesce(
        ${anyBroken}, false) as __ok
  from (
    select *,
      ${typedCols}
    from (${trimmedCells(columns, o.cells)})
  )
)`;
}

/** The cells with `__accepted_<column>` flags, each trimmed unless already in an accepted form. */
function trimmedCells(columns: readonly ColumnSpec[], cells: string): string {
  const flags = columns.flatMap((c) => {
    const form = acceptedForm(c, raw(c.name));
    return form === null ? [] : [`coalesce(${form}, false) as ${accepted(c)}`];
  });
  const trimmed = columns.map((c) => {
    const cell = trimmedCell(raw(c.name));
    return `${!hasAcceptedForm(c) ? cell : `case when ${accepted(c)} then ${raw(c.name)} else ${cell} end`} as ${raw(c.name)}`;
  });
  return `select * replace (
        ${trimmed.join(',\n        ')}
      )
      from (select *${flags.map((f) => `, ${f}`).join('')} from (${cells}))`;
}

export function keyOf(contract: Contract, alias: string): string {
  return contract.key.length === 1 ? `${alias}.${q(contract.key[0]!)}` : `concat_ws('|', ${contract.key.map((k) => `${alias}.${q(k)}`).join(', ')})`;
}
