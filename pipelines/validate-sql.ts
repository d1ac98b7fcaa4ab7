import { ruleLabels, type RuleCode } from '../core/glossary.ts';
import { quoteIdent as q, quoteLiteral as lit, sqlList } from '../core/sql.ts';
import {
  DATE_RE,
  DECIMAL_RE,
  FALSE_WORDS,
  INT_RE,
  MONTH_RE,
  TRUE_WORDS,
  type ColumnSpec,
  type Contract,
} from './contracts/define.ts';
import { columnsOf } from './contracts/index.ts';
import { sqlTypes } from './ddl.ts';

/**
 * SQL generated from a contract that validates a landing table (every contract column as
 * trimmed VARCHAR, NULL when blank, plus __file, __sheet, __row, __extra, __missing) and
 * produces `checked`: typed columns plus __errors, a list of structs naming column, rule,
 * value and the Chinese/English explanation. A row with an empty __errors list is loaded.
 */

/** The JS regexes of the contract module, as RE2 full-match patterns. */
function re2(re: RegExp): string {
  return re.source.replace(/^\^/, '').replace(/\$$/, '');
}

const DATE_FORMATS = ['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y%m%d', '%Y年%m月%d日'];
const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export const raw = (name: string) => q(`__raw_${name}`);

/** Typed value of a raw cell; NULL when blank or when the text is not of the column's type. */
export function typedExpr(c: ColumnSpec): string {
  const v = raw(c.name);
  const digits = `replace(${v}, ',', '')`;
  switch (c.kind) {
    case 'text':
    case 'enum':
      return v;
    case 'int':
      return `case when regexp_full_match(${digits}, ${lit(re2(INT_RE))}) then try_cast(${digits} as integer) end`;
    case 'decimal':
      return `case when regexp_full_match(${digits}, ${lit(re2(DECIMAL_RE))}) then try_cast(${digits} as ${sqlTypes.decimal}) end`;
    case 'date':
      return `case when regexp_full_match(${v}, ${lit(re2(DATE_RE))}) then try_strptime(${v}, [${sqlList(DATE_FORMATS)}])::date end`;
    case 'bool':
      return `case when ${v} in (${sqlList(TRUE_WORDS)}) then true when ${v} in (${sqlList(FALSE_WORDS)}) then false end`;
    case 'month': {
      const part = (i: number) => `try_cast(regexp_extract(${v}, ${lit(MONTH_RE.source)}, ${i}) as integer)`;
      return `case when regexp_full_match(${v}, ${lit(re2(MONTH_RE))}) and ${part(2)} between 1 and 12 then make_date(${part(1)}, ${part(2)}, 1) end`;
    }
  }
}

function gb11643Wrong(v: string): string {
  const sum = GB11643_WEIGHTS.map((w, i) => `substr(${v}, ${i + 1}, 1)::integer * ${w}`).join(' + ');
  return `substr('10X98765432', ((${sum}) % 11) + 1, 1) <> substr(${v}, 18, 1)`;
}

/** Personal values are masked in messages (which reach logs); the raw value stays in the warehouse. */
function shown(c: ColumnSpec, v: string): string {
  if (!c.personal) return v;
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

function columnChecks(c: ColumnSpec): Check[] {
  const v = raw(c.name);
  const t = q(c.name);
  const base = { column: c.name, value: v, shownValue: shown(c, v) };
  const checks: Check[] = [];
  if (c.required) {
    checks.push({ ...base, when: `${v} is null and list_contains(__missing, ${lit(c.name)})`, rule: 'missing_column', ...label('missing_column') });
    checks.push({ ...base, when: `${v} is null and not list_contains(__missing, ${lit(c.name)})`, rule: 'required', ...label('required') });
  }
  if (c.kind === 'enum') {
    const values = c.values ?? [];
    checks.push({
      ...base,
      when: `${v} is not null and ${v} not in (${sqlList(values)})`,
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
      when: `${v} is not null and not regexp_full_match(${v}, ${lit(c.pattern.regex)})`,
      rule: 'pattern',
      zh: `${label('pattern').zh}：${c.pattern.zh}`,
      en: `${label('pattern').en}`,
    });
  }
  if (c.check === 'gb11643') {
    const ok = c.pattern ? `regexp_full_match(${v}, ${lit(c.pattern.regex)})` : 'true';
    checks.push({ ...base, when: `${v} is not null and ${ok} and ${gb11643Wrong(v)}`, rule: 'id_check_digit', ...label('id_check_digit') });
  }
  return checks;
}

export interface CheckedQueryOptions {
  landing: string;
  month: string; // 'YYYY-MM'
  target: string;
}

/** Key of a landing row (keys are text; a composite key is joined). */
function landingKey(contract: Contract): string {
  const cols = contract.key.map((k) => `l.${q(k)}`);
  return cols.length === 1 ? cols[0]! : `concat_ws('|', ${cols.join(', ')})`;
}

export function checkedQuery(contract: Contract, o: CheckedQueryOptions): string {
  const columns = columnsOf(contract);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const keyCol = byName.get(contract.key[0]!)!;
  const keyHeader = keyCol.headers[0];

  const checks: Check[] = columns.flatMap(columnChecks);
  if (byName.has('data_month')) {
    const c = byName.get('data_month')!;
    checks.push({
      column: c.name,
      value: raw(c.name),
      shownValue: raw(c.name),
      when: `${q('data_month')} is not null and ${q('data_month')} <> date '${o.month}-01'`,
      rule: 'month_mismatch',
      zh: `${label('month_mismatch').zh}（${o.month}）`,
      en: `${label('month_mismatch').en} (${o.month})`,
    });
  }
  for (const r of contract.rowRules) {
    const c = byName.get(r.column)!;
    checks.push({ column: r.column, value: raw(r.column), shownValue: shown(c, raw(r.column)), when: `(${r.violation})`, rule: r.code, zh: r.zh, en: r.en });
  }
  checks.push({
    column: keyCol.name,
    value: raw(keyCol.name),
    shownValue: shown(keyCol, raw(keyCol.name)),
    when: '__dup_rows is not null',
    rule: 'duplicate_key',
    zh: `${label('duplicate_key').zh}（${keyHeader}），同一键出现在：`,
    zhSuffix: `array_to_string(__dup_rows, '、')`,
    en: `${label('duplicate_key').en}`,
  });
  checks.push({
    column: '__extra',
    value: '__extra',
    shownValue: `'…'`,
    when: '__extra is not null',
    rule: 'too_many_columns',
    ...label('too_many_columns'),
  });

  const rawCols = columns.map((c) => `l.${q(c.name)} as ${raw(c.name)}`).join(',\n    ');
  const typedCols = columns.map((c) => `${typedExpr(c)} as ${q(c.name)}`).join(',\n    ');
  const errorList = checks.map(error).join(',\n      ');

  return `create or replace temp table ${o.target} as
with dups as (
  select ${landingKey(contract)} as __k,
    list(l.__file_label || '第' || l.__row || '行' order by l.__file, l.__row) as __dup_rows
  from ${o.landing} l
  where ${contract.key.map((k) => `l.${q(k)} is not null`).join(' and ')}
  group by 1 having count(*) > 1
),
raw_cells as (
  select l.__file, l.__file_label, l.__sheet, l.__row, l.__extra, l.__missing, d.__dup_rows,
    ${rawCols}
  from ${o.landing} l
  left join dups d on d.__k = ${landingKey(contract)}
),
typed as (
  select *,
    ${typedCols}
  from raw_cells
)
select *,
  list_filter([
      ${errorList}
    ], e -> e is not null) as __errors
from typed`;
}
