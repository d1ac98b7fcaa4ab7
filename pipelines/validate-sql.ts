import { ruleLabels, type RuleCode } from '../core/glossary.ts';
import { quoteIdent as q, quoteLiteral as lit, sqlList } from '../core/sql.ts';
import {
  DATE_RE,
  AMOUNT_WITH_UNIT_RE,
  DECIMAL_RE,
  FULL_WIDTH,
  HALF_WIDTH,
  scaleDecimal,
  UNIT_YUAN,
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
import { PLACE_COLUMNS } from './contracts/define.ts';
import { ISSUE_STRUCT, LINEAGE_COLUMNS, rawTableDdl, sqlTypes, STAGING_COLUMNS } from './ddl.ts';

/**
 * SQL generated from a contract that validates a file's cells (every contract column as
 * VARCHAR as written, NULL when empty, plus __file, __sheet, __row, __blank, __extra) and
 * writes them once, in the shape of the raw table: lineage, typed columns, and `_errors`, a
 * list of structs naming column, rule, value and the Chinese/English explanation (NULL for a
 * row that broke none). Cells already in an accepted form are cast at once (the fast path);
 * the rest are normalised and judged in full (the slow path), in the same pass.
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

/**
 * For numbers and dates, the cast of text already in the accepted form; the other kinds have none.
 * `factor` converts a number from the unit its header names to the column's unit (万元 → 元).
 */
function castOf(c: ColumnSpec, v: string, factor = 1): string | null {
  switch (c.kind) {
    case 'int':
      return `try_cast(${v} as integer)`;
    case 'decimal':
      // Through DOUBLE, as the zod side parses it; a VARCHAR → DECIMAL cast is several times slower.
      // Scaled by another unit, exactly: through DECIMAL, never a float.
      return factor === 1 ? `try_cast(${v} as double)::${sqlTypes.decimal}` : `(try_cast(${v} as decimal(38,10)) * ${decimalLiteral(factor)})::${sqlTypes.decimal}`;
    case 'date':
      return `try_strptime(${v}, [${sqlList(DATE_FORMATS)}])::date`;
    default:
      return null;
  }
}

/** A power of ten as an exact SQL decimal literal (10000, 0.0001). */
function decimalLiteral(factor: number): string {
  return `${scaleDecimal('1', factor)}::decimal(38,10)`;
}

/** The typed value of a cell known to be in an accepted form: typedExpr without its form test. */
function typedAccepted(c: ColumnSpec, factor = 1): string {
  const v = raw(c.name);
  switch (c.kind) {
    case 'enum':
      // Accepted means one of the canonical values (acceptedForm), so the value is the cell.
      return v;
    case 'bool':
      // Accepted means one of the true or false words.
      return `list_contains([${sqlList(TRUE_WORDS)}], ${v})`;
    case 'month': {
      // The common 2024-06 is read by position (accepted and 7 long with a dash and a last digit
      // leaves no other spelling); the other accepted spellings take typedExpr.
      const mm = `try_cast(substr(${v}, 6, 2) as integer)`;
      return `case when length(${v}) = 7 and substr(${v}, 5, 1) = '-' and substr(${v}, 7, 1) between '0' and '9'
        then case when ${mm} between 1 and 12 then make_date(try_cast(left(${v}, 4) as integer), ${mm}, 1) end
        else ${typedExpr(c, factor)} end`;
    }
    default:
      return castOf(c, v, factor) ?? typedExpr(c, factor);
  }
}

/** An enum cell's canonical value: itself, or what its synonym stands for; unknown values of a 'warn' column become its `other`. */
function enumValue(c: ColumnSpec, v: string): string {
  const synonyms = Object.entries(c.synonyms ?? {});
  const mapped = synonyms.length ? `case ${v} ${synonyms.map(([from, to]) => `when ${lit(from)} then ${lit(to)}`).join(' ')} end` : 'null';
  const unknown = c.unknown?.action === 'warn' ? lit(c.unknown.other) : v;
  return `case when ${v} is null then null when list_contains([${sqlList(c.values ?? [])}], ${v}) then ${v} else coalesce(${mapped}, ${unknown}) end`;
}

/** Whether an enum cell is neither a value nor a known synonym. */
function enumUnknown(c: ColumnSpec, v: string): string {
  const known = [...(c.values ?? []), ...Object.keys(c.synonyms ?? {})];
  return `${v} is not null and not list_contains([${sqlList(known)}], ${v})`;
}

/** The flag column saying a cell of `c` is in its accepted form; only columns that have one get it. */
const accepted = (c: ColumnSpec) => q(`__accepted_${c.name}`);
/** Whether a column's cells may take the fast path; with `slowOnly` none does (the reference the fast path is tested against). */
const fastPathOf = (slowOnly: boolean) => (c: ColumnSpec) => !slowOnly && acceptedForm(c, raw(c.name)) !== null;

/**
 * Typed value of a raw cell; NULL when blank or when the text is not of the column's type.
 * Membership tests use list_contains, never IN (…): DuckDB turns a long IN list into a join,
 * which loses the file order that CSV row numbers are read from.
 */
export function typedExpr(c: ColumnSpec, factor = 1): string {
  const v = raw(c.name);
  const digits = `replace(${v}, ',', '')`;
  switch (c.kind) {
    case 'text':
      return v;
    case 'enum':
      return enumValue(c, v);
    case 'int':
      return `case when ${acceptedForm(c, digits)} then ${castOf(c, digits)} end`;
    case 'decimal': {
      // 1.8万 or 1200元 in a cell: the cell's own unit wins over the header's.
      const re = lit(re2(AMOUNT_WITH_UNIT_RE));
      const target = UNIT_YUAN[(c.unit ?? '元').replace('/年', '')] ?? 1;
      const units = Object.entries(UNIT_YUAN).map(([u, yuan]) => `when ${lit(u)} then ${decimalLiteral(yuan / target)}`).join(' ');
      return `case when ${acceptedForm(c, digits)} then ${castOf(c, digits, factor)}
        when regexp_full_match(${digits}, ${re}) then (try_cast(regexp_extract(${digits}, ${re}, 1) as decimal(38,10))
          * case regexp_extract(${digits}, ${re}, 2) ${units} end)::${sqlTypes.decimal} end`;
    }
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
  return `${gb11643CheckChar(gb11643Digits(c))} <> substr(${raw(c.name)}, 18, 1)`;
}

/** The check character of an ID number from its first 17 digits as one BIGINT column `digits`. */
export function gb11643CheckChar(digits: string): string {
  const sum = GB11643_WEIGHTS.map((w, i) => `((${digits} // ${10n ** BigInt(16 - i)}) % 10) * ${w}`).join(' + ');
  return `substr('10X98765432', ((${sum}) % 11)::integer + 1, 1)`;
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

/** Whether a contract's village may be named instead of coded (it has the place-name columns). */
export function mayNameVillages(columns: readonly ColumnSpec[]): boolean {
  return columns.some((c) => c.name === 'village_code') && columns.some((c) => c.name === 'village_address');
}

/**
 * The names a row gives for its village (NULL when it gives none), when the contract allows
 * naming a village and the file has at least one place-name column; null otherwise.
 */
export function placeNames(columns: readonly ColumnSpec[], missing: ReadonlySet<string>): string | null {
  const present = PLACE_COLUMNS.filter((p) => columns.some((c) => c.name === p) && !missing.has(p));
  return mayNameVillages(columns) && present.length ? `coalesce(${present.map(raw).join(', ')})` : null;
}

/**
 * For required columns a row may leave empty because it gives something else instead, the SQL
 * condition that it does: a village named instead of coded, a payment citing only its project.
 * Only alternatives the file's header has count.
 */
export function alternativesOf(contract: Contract, missing: ReadonlySet<string>): Map<string, string> {
  const columns = columnsOf(contract);
  const out = new Map<string, string[]>();
  const add = (column: string, condition: string) => out.set(column, [...(out.get(column) ?? []), condition]);
  const names = placeNames(columns, missing);
  if (names !== null) add('village_code', `${names} is not null`);
  const inherits = contract.inherits;
  if (inherits && !missing.has(inherits.key)) for (const c of inherits.columns) add(c, `${raw(inherits.key)} is not null`);
  return new Map([...out].map(([c, conds]) => [c, conds.map((x) => `(${x})`).join(' or ')]));
}

function columnChecks(c: ColumnSpec, missing: ReadonlySet<string>, alternative: string | undefined, fast: boolean): Check[] {
  const v = raw(c.name);
  const t = q(c.name);
  const base = { column: c.name, value: v, shownValue: shown(c, v) };
  const checks: Check[] = [];
  // A cell in an accepted form passes the form tests; CASE spares it the second look.
  const unlessAccepted = (when: string) => (!fast ? when : `case when ${accepted(c)} then false else ${when} end`);
  if (c.required && missing.has(c.name) && !alternative) {
    checks.push({ ...base, when: 'true', rule: 'missing_column', ...label('missing_column') });
  } else if (c.required) {
    // Filled afterwards from the alternative (resolve.ts, link.ts), or refused there with the reason.
    checks.push({ ...base, when: alternative ? `${v} is null and not (${alternative})` : `${v} is null`, rule: 'required', ...label('required') });
  }
  if (c.kind === 'enum' && c.unknown?.action !== 'warn') {
    const values = c.values ?? [];
    checks.push({
      ...base,
      when: unlessAccepted(enumUnknown(c, v)),
      rule: 'enum',
      zh: `${label('enum').zh}（${values.join('、')}）`,
      en: `${label('enum').en} (${values.join(', ')})`,
    });
  } else if (c.kind !== 'text' && c.kind !== 'enum') {
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
    const form = `regexp_full_match(${v}, ${lit(c.pattern?.regex ?? '')})`;
    const ok = !c.pattern ? 'true' : fast ? `case when ${accepted(c)} then true else ${form} end` : form;
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
  /** Per column, the factor from the unit the file's header names to the column's unit (万元 → 元: 10000). */
  scale?: ReadonlyMap<string, number>;
  /** The load the rows belong to (their lineage); 0 and '' when only the verdicts matter. */
  load?: { id: number; sha256: string };
  /** Every cell through the slow path: the reference the fast path must equal. */
  slowOnly?: boolean;
}

const ERROR_STRUCT = ISSUE_STRUCT;

/** A blank row is kept (it counts as read) with this one entry, and never loaded or rejected. */
export const BLANK_RULE = 'blank_row';
/** Whether a staged row is blank. */
export const isBlank = (errors = '_errors') => `coalesce(${errors}[1].rule = '${BLANK_RULE}', false)`;

/** A temporary table of a raw table's shape, for checking without writing (--check) and for tests. */
export function checkedTableDdl(contract: Contract, target: string): string {
  return rawTableDdl(contract, target, true);
}

/**
 * One pass over the cells: typed values, a cheap pass/fail flag for every row, and the list of
 * broken rules built only for the rows that fail. Duplicate keys are found afterwards over the
 * whole group (see duplicateKeysQuery), since they need every file of the month.
 */
export function checkedInsert(contract: Contract, o: CheckedInsertOptions): string {
  const columns = columnsOf(contract);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const fast = fastPathOf(o.slowOnly ?? false);
  const alternatives = alternativesOf(contract, o.missing);
  const checks: Check[] = columns.flatMap((c) => columnChecks(c, o.missing, alternatives.get(c.name), fast(c)));
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

  const factor = (c: ColumnSpec) => o.scale?.get(c.name) ?? 1;
  const typed = (c: ColumnSpec) =>
    !fast(c) ? typedExpr(c, factor(c)) : `case when ${accepted(c)} then ${typedAccepted(c, factor(c))} else ${typedExpr(c, factor(c))} end`;
  // Unknown values of descriptive enums load as their 'other' value, with a warning that keeps the value as written.
  const warnings: Check[] = columns
    .filter((c) => c.kind === 'enum' && c.unknown?.action === 'warn')
    .map((c) => ({
      column: c.name,
      value: raw(c.name),
      shownValue: shown(c, raw(c.name)),
      when: enumUnknown(c, raw(c.name)),
      rule: 'enum_other',
      zh: `${label('enum_other').zh}（标准取值：${(c.values ?? []).join('、')}）`,
      en: label('enum_other').en,
    }));
  const warningList = warnings.length
    ? `case when ${warnings.map((w) => `(${w.when})`).join(' or ')} then list_filter([${warnings.map(error).join(', ')}], e -> e is not null) end`
    : `null::${ERROR_STRUCT}[]`;
  const typedCols = [
    ...columns.map((c) => `${typed(c)} as ${q(c.name)}`),
    ...columns.filter((c) => c.check === 'gb11643').map((c) => `try_cast(left(${raw(c.name)}, 17) as bigint) as ${gb11643Digits(c)}`),
  ].join(',\n      ');
  const anyBroken = checks.map((c) => `(${c.when})`).join('\n        or ');
  const blank = `{'column': null, 'rule': '${BLANK_RULE}', 'value': null, 'shown': null, 'zh': '空行', 'en': 'blank row'}`;
  const targetColumns = [...LINEAGE_COLUMNS.map(([n]) => n), ...columns.map((c) => q(c.name)), ...STAGING_COLUMNS.map(([n]) => n)];
  return `insert into ${o.target} (${targetColumns.join(', ')})
select date '${o.month}-01', ${o.load?.id ?? 0}, __file, __sheet, coalesce(__row, 0), ${lit(o.load?.sha256 ?? '')},
  ${columns.some((c) => c.name === 'village_code') ? `case when ${q('village_code')} is not null then 'given' end` : 'null::varchar'},
  ${columns.map((c) => q(c.name)).join(', ')},
  case when __blank then [${blank}] when not __ok then list_filter([
      ${checks.map(error).join(',\n      ')}
    ], e -> e is not null) end,
  case when not __blank then ${warningList} end
from (
  select *, not coalesce(
        ${anyBroken}, false) as __ok
  from (
    select *,
      ${typedCols}
    from (${trimmedCells(columns, o.cells, fast)})
  )
)`;
}

/** The cells with `__accepted_<column>` flags, each trimmed unless already in an accepted form. */
function trimmedCells(columns: readonly ColumnSpec[], cells: string, fast: (c: ColumnSpec) => boolean): string {
  const flags = columns.flatMap((c) => (fast(c) ? [`coalesce(${acceptedForm(c, raw(c.name))}, false) as ${accepted(c)}`] : []));
  // Cells not in an accepted form are trimmed and, in typed or patterned columns, made
  // half-width (NFKC for digits, letters and punctuation: ９０００ → 9000). Free text stays as written.
  const trimmed = columns.map((c) => {
    const halfWidth = `nullif(trim(translate(${raw(c.name)}, ${lit(FULL_WIDTH)}, ${lit(HALF_WIDTH)})), '')`;
    const slow = acceptedForm(c, raw(c.name)) === null ? trimmedCell(raw(c.name)) : halfWidth;
    return `${!fast(c) ? slow : `case when ${accepted(c)} then ${raw(c.name)} else ${halfWidth} end`} as ${raw(c.name)}`;
  });
  return `select * replace (
        ${trimmed.join(',\n        ')}
      )
      from (select *${flags.map((f) => `, ${f}`).join('')} from (${cells}))`;
}

export function keyOf(contract: Contract, alias: string): string {
  return contract.key.length === 1 ? `${alias}.${q(contract.key[0]!)}` : `concat_ws('|', ${contract.key.map((k) => `${alias}.${q(k)}`).join(', ')})`;
}
