import { z } from 'zod';
import type { EntityName } from '../../core/glossary.ts';

/**
 * A contract column is a zod schema over one raw cell (text as exported) that parses it into
 * its typed value, registered with the metadata the rest of the product derives from: the
 * warehouse DDL, the validation SQL, the rejects messages, the data dictionary and the demo
 * generator's headers.
 */
export type ColumnKind = 'text' | 'int' | 'decimal' | 'date' | 'bool' | 'enum' | 'month';

export interface ColumnMeta {
  kind: ColumnKind;
  /** Chinese headers real exports use; the first is the one we write. */
  headers: readonly [string, ...string[]];
  required: boolean;
  /** Names, ID numbers, phones, responsible persons, free text that may name people. */
  personal: boolean;
  /** An identifier that leads to a person (户编号): kept in the warehouse, masked in messages and logs. */
  masked?: boolean;
  /** What the column means, in Chinese, for the data dictionary. */
  doc: string;
  unit?: string;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** Spellings offices use for an enum value → the canonical value (回头看大排查 → 排查). */
  synonyms?: Readonly<Record<string, string>>;
  /**
   * What an unknown enum value does: 'reject' the row (the value drives an indicator), or
   * 'warn': load the row with `other` and a warning keeping the raw value (a descriptive
   * column, where losing the row costs more than a coarse label).
   */
  unknown?: { action: 'reject' } | { action: 'warn'; other: string; why: string };
  /** A full-match regex valid in both JS and RE2 (DuckDB), with a Chinese description. */
  pattern?: { regex: string; zh: string };
  check?: 'gb11643';
}

export const columnMeta = z.registry<ColumnMeta>();

interface BaseOptions {
  headers: readonly [string, ...string[]];
  doc: string;
  required?: boolean;
  personal?: boolean;
  masked?: boolean;
  unit?: string;
}

// The same accepted forms are written once more in validate-sql.ts as RE2; a test feeds both
// the same cells and requires the same verdicts.
export const INT_RE = /^[+-]?\d+$/;
export const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
export const DATE_RE = /^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})\/(\d{1,2})\/(\d{1,2})|(\d{4})\.(\d{1,2})\.(\d{1,2})|(\d{4})(\d{2})(\d{2})|(\d{4})年(\d{1,2})月(\d{1,2})日)$/;
export const MONTH_RE = /^((?:19|20)\d{2})(?:-|\/|年|\.)?(\d{1,2})月?$/;
export const TRUE_WORDS = ['是', 'Y', 'y', '1', 'true', 'TRUE', 'True', '√', '✓', '✔', '有'] as const;
export const FALSE_WORDS = ['否', 'N', 'n', '0', 'false', 'FALSE', 'False', '×', '✗', '✘', '无'] as const;

/** Full-width ASCII forms (U+FF01–U+FF5E) and their half-width letters: NFKC for the characters codes, numbers and dates use. */
export const FULL_WIDTH = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0xff01 + i)).join('');
export const HALF_WIDTH = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('');

/** Full-width digits, letters and punctuation made half-width (what NFKC does to them). */
export function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Money units a header or a cell may name, in 元. */
export const UNIT_YUAN: Readonly<Record<string, number>> = { 元: 1, 万元: 10_000, 万: 10_000, 亿元: 100_000_000, 亿: 100_000_000 };

/** An amount with its unit written in the cell: 1.8万, 1200元, 3.5万元. */
export const AMOUNT_WITH_UNIT_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(万元|亿元|万|亿|元)$/;

/**
 * A number cell as offices write it: thousands separators dropped, a trailing unit (万, 元)
 * converted to the column's unit. Exact: the digits are shifted as text, never through a float.
 */
export function amountCell(text: string, columnUnit: string | undefined): string | undefined {
  const t = stripThousands(text);
  if (DECIMAL_RE.test(t)) return t;
  const m = AMOUNT_WITH_UNIT_RE.exec(t);
  const target = UNIT_YUAN[columnUnit?.replace('/年', '') ?? '元'];
  if (!m || target === undefined) return undefined;
  return scaleDecimal(m[1]!, UNIT_YUAN[m[2]!]! / target);
}

/** A decimal string times a power of ten, exactly (factor 10000 or 0.0001 …). */
export function scaleDecimal(text: string, factor: number): string {
  const shift = Math.round(Math.log10(factor));
  const negative = text.startsWith('-');
  const [intPart = '', frac = ''] = text.replace(/^[+-]/, '').split('.');
  let digits = (intPart || '0') + frac;
  let point = (intPart || '0').length + shift;
  if (point < 1) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  digits = digits.padEnd(point, '0');
  const out = `${digits.slice(0, point).replace(/^0+(?=\d)/, '')}${digits.length > point ? `.${digits.slice(point)}` : ''}`;
  return negative ? `-${out}` : out;
}

/**
 * The characters a cell is trimmed of: exactly those DuckDB's trim() strips (the Unicode space
 * separators, 全角空格 U+3000 among them; not tabs or line breaks), so that zod and the generated
 * SQL see the same value. A test checks this set against DuckDB over every BMP code point.
 * (An explicit character list in SQL, trim(x, chars), was measured 5× slower over a 1M-row load.)
 */
export const TRIMMED_CHARS = ' \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000';

const EDGE_SPACE = new RegExp(`^[${TRIMMED_CHARS}]+|[${TRIMMED_CHARS}]+$`, 'g');

/** A cell's text without the leading and trailing spaces the loader strips. */
export function trimCell(text: string): string {
  return text.replace(EDGE_SPACE, '');
}

/** Thousands separators are common in Chinese Excel exports; they carry no meaning. */
export function stripThousands(text: string): string {
  return text.replaceAll(',', '');
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && trimCell(v) === '');
}

/**
 * Blank → null (or "required" when required); otherwise the trimmed text goes to `parse`.
 * Cells of typed or patterned columns are made half-width first (full-width digits are common
 * in government forms); free text is kept as written.
 */
function cell<T extends z.ZodType>(parse: T, required: boolean, normalise = true) {
  return z.preprocess(
    (v) => (isBlank(v) ? (required ? undefined : null) : typeof v === 'string' ? trimCell(normalise ? halfWidth(v) : v) : v),
    required ? parse : parse.nullable(),
  );
}

function withRange(schema: z.ZodNumber, min?: number, max?: number): z.ZodNumber {
  let s = schema;
  if (min !== undefined) s = s.min(min);
  if (max !== undefined) s = s.max(max);
  return s;
}

/** Excel serial numbers of dates in the years a campaign can have (1982–2119). */
export const EXCEL_SERIAL_RE = /^\d{5}$/;
export const EXCEL_SERIAL_MIN = 30000;
export const EXCEL_SERIAL_MAX = 80000;

/**
 * A month cell: 2024-06 (also 2024/6, 2024年6月, 202406), a whole date (the month it falls in),
 * or an Excel date serial, as a spreadsheet stores a date typed into a cell. 'YYYY-MM' or undefined.
 */
export function parseMonthCell(text: string): string | undefined {
  const m = MONTH_RE.exec(text);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, '0')}` : undefined;
  }
  const date = parseDate(text);
  if (date) return date.slice(0, 7);
  if (EXCEL_SERIAL_RE.test(text)) {
    const n = Number(text);
    if (n < EXCEL_SERIAL_MIN || n > EXCEL_SERIAL_MAX) return undefined;
    return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 7);
  }
  return undefined;
}

export function parseDate(text: string): string | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).filter((p) => p !== undefined).map(Number);
  const [y, mo, d] = parts as [number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** GB 11643 weights of the first 17 digits; the sum mod 11 indexes '10X98765432'. */
export const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The check character in DuckDB SQL, from an expression holding the first 17 digits as text (generators). */
export function gb11643CheckCharSql(first17: string): string {
  const terms = GB11643_WEIGHTS.map((w, i) => `substr(${first17}, ${i + 1}, 1)::int * ${w}`).join(' + ');
  return `substr('10X98765432', ((${terms}) % 11)::int + 1, 1)`;
}

export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * GB11643_WEIGHTS[i]!;
  return '10X98765432'[sum % 11] as string;
}

export function gb11643Valid(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && gb11643CheckChar(id.slice(0, 17)) === id[17];
}

function register<T extends z.ZodType>(schema: T, meta: ColumnMeta): T {
  columnMeta.add(schema, meta);
  return schema;
}

function baseMeta(kind: ColumnKind, o: BaseOptions): ColumnMeta {
  return {
    kind,
    headers: o.headers,
    doc: o.doc,
    required: o.required ?? false,
    personal: o.personal ?? false,
    ...(o.masked ? { masked: true } : {}),
    ...(o.unit ? { unit: o.unit } : {}),
  };
}

export const col = {
  text(o: BaseOptions & { pattern?: { regex: string; zh: string }; check?: 'gb11643' }) {
    let s: z.ZodType<string> = z.string();
    if (o.pattern) {
      const re = new RegExp(`^(?:${o.pattern.regex})$`);
      s = (s as z.ZodString).regex(re, o.pattern.zh);
    }
    if (o.check === 'gb11643') s = s.refine(gb11643Valid, '身份证号校验位错误');
    return register(cell(s, o.required ?? false, o.pattern !== undefined), {
      ...baseMeta('text', o),
      ...(o.pattern ? { pattern: o.pattern } : {}),
      ...(o.check ? { check: o.check } : {}),
    });
  },

  int(o: BaseOptions & { min?: number; max?: number }) {
    const s = z
      .string()
      .transform(stripThousands)
      .pipe(z.string().regex(INT_RE, '应为整数'))
      .transform(Number)
      .pipe(withRange(z.number().int(), o.min, o.max));
    return register(cell(s, o.required ?? false), { ...baseMeta('int', o), min: o.min, max: o.max });
  },

  decimal(o: BaseOptions & { min?: number; max?: number }) {
    const s = z
      .string()
      .transform((t) => amountCell(t, o.unit) ?? t)
      .pipe(z.string().regex(DECIMAL_RE, '应为数字'))
      .transform((t) => Math.round(Number(t) * 100) / 100)
      .pipe(withRange(z.number(), o.min, o.max));
    return register(cell(s, o.required ?? false), { ...baseMeta('decimal', o), min: o.min, max: o.max });
  },

  date(o: BaseOptions) {
    const s = z.string().transform((t, ctx) => {
      const d = parseDate(t);
      if (d === undefined) ctx.addIssue({ code: 'custom', message: '应为日期' });
      return d ?? '';
    });
    return register(cell(s, o.required ?? false), baseMeta('date', o));
  },

  bool(o: BaseOptions) {
    const s = z.string().transform((t, ctx) => {
      if ((TRUE_WORDS as readonly string[]).includes(t)) return true;
      if ((FALSE_WORDS as readonly string[]).includes(t)) return false;
      ctx.addIssue({ code: 'custom', message: '应为“是”或“否”' });
      return false;
    });
    return register(cell(s, o.required ?? false), baseMeta('bool', o));
  },

  enumOf<const V extends readonly [string, ...string[]]>(
    values: V,
    o: BaseOptions & { synonyms?: Readonly<Record<string, V[number]>>; unknown?: ColumnMeta['unknown'] },
  ) {
    const synonyms = o.synonyms ?? {};
    const unknown = o.unknown ?? { action: 'reject' as const };
    const known = (t: string) => (values as readonly string[]).includes(t) || t in synonyms;
    const s = z
      .string()
      .transform((t) => synonyms[t] ?? (unknown.action === 'warn' && !known(t) ? unknown.other : t))
      .pipe(z.enum(values));
    return register(cell(s, o.required ?? false), { ...baseMeta('enum', o), values, synonyms, unknown });
  },

  month(o: BaseOptions) {
    const s = z.string().transform((t, ctx) => {
      const month = parseMonthCell(t);
      if (month === undefined) {
        ctx.addIssue({ code: 'custom', message: '应为月份' });
        return '';
      }
      return `${month}-01`;
    });
    return register(cell(s, o.required ?? false), baseMeta('month', o));
  },
};

/** A rule across columns of one row, written over typed values as the violating condition. */
export interface RowRule {
  code: string;
  /** The column the message points at. */
  column: string;
  /** SQL over typed columns, true when the row breaks the rule. */
  violation: string;
  zh: string;
  en: string;
}

/** What every stage needs of a contract, whatever its columns. */
export interface Contract {
  entity: EntityName;
  /** Chinese name of the ledger or snapshot. */
  label: string;
  /** What one row is, in Chinese. */
  grain: string;
  /** Columns that identify a row within one month's snapshot. */
  key: readonly string[];
  /** Words in file or sheet names that suggest this entity. */
  fileHints: readonly string[];
  /** The column schemas, in declaration order. */
  shape: z.ZodRawShape;
  /** Parses one raw row (cells as text) into its typed row. */
  schema: z.ZodType;
  rowRules: readonly RowRule[];
  /**
   * Columns a row may leave out when it names a record of another ledger that has them: a
   * payment citing only its 项目编号 takes its category and area from that project's allocation.
   */
  inherits?: { key: string; from: EntityName; columns: readonly string[] };
}

export type TypedContract<S extends z.ZodRawShape> = Contract & {
  key: readonly (keyof S & string)[];
  schema: z.ZodObject<S>;
};

export function defineContract<S extends z.ZodRawShape>(
  c: Omit<Contract, 'schema' | 'shape' | 'key'> & { key: readonly (keyof S & string)[]; columns: S },
): TypedContract<S> {
  const { columns, ...rest } = c;
  return { ...rest, shape: columns, schema: z.object(columns) };
}

export interface ColumnSpec extends ColumnMeta {
  name: string;
}

/** The place-name columns that may stand in for 行政村代码 (see shared-columns.ts placeColumns). */
export const PLACE_COLUMNS = ['county_name', 'town_name', 'village_name', 'village_address'] as const;

/**
 * The columns a file with village codes carries: all but the place-name columns that only
 * stand in for 行政村代码 in some offices' files (what the generator writes, and in that order).
 */
export function writtenColumnsOf(contract: Contract): ColumnSpec[] {
  const all = columnsOf(contract);
  if (!all.some((c) => c.name === 'village_address')) return all;
  return all.filter((c) => !(PLACE_COLUMNS as readonly string[]).includes(c.name));
}

/** The contract's columns in declaration order, with their metadata. */
export function columnsOf(contract: Contract): ColumnSpec[] {
  return Object.entries(contract.shape).map(([name, schema]) => {
    const meta = columnMeta.get(schema as z.ZodType);
    if (!meta) throw new Error(`column ${contract.entity}.${name} has no contract metadata`);
    return { name, ...meta };
  });
}
