/**
 * What the privacy gate looks for: every personal value held in the warehouse's raw tables (the
 * columns come from the input contracts, so a new personal column is covered without editing this
 * file), and the place names of the warehouse, inside which a name may stand (a person called 石塘
 * next to the village 石塘村). Names and places come from the queries staging masks free text with
 * (names.ts), so what staging leaves, the gate passes.
 *   身份证号   every personal column with the GB 11643 check (raw.household.id_number)
 *   电话       every personal column with the phone pattern (农户、帮扶人、村责任人)
 *   户编号     every household_id column (raw.household, raw.issue, raw.fund_payment)
 *   姓名       every personal *_name / *_person column (户主、帮扶责任人、村和问题责任人、收款人、带队领导)
 * plus the same columns' values kept in raw.rejects.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { columnsOf, contracts, entityNames } from '../pipelines/contracts/index.ts';
import { personalNamesSql, placeNamesSql } from './names.ts';

export type SecretKind = 'id_number' | 'phone' | 'household_id' | 'name';

export const KIND_LABEL: Record<SecretKind, string> = {
  id_number: '身份证号',
  phone: '电话',
  household_id: '户编号',
  name: '姓名',
};

export interface Secrets {
  /** Values as compared: numbers without spaces or dashes, X upper case; names as written. */
  byKind: Record<SecretKind, Set<string>>;
  /** Place names (村、乡镇、县市区、市) of the village register and the national register (names.ts). */
  places: Set<string>;
  /** 'public' for a warehouse derived for the public (meta.publication), else 'internal'. */
  audience?: 'internal' | 'public';
}

const ID_RE = /^\d{17}[\dX]$/;
const PHONE_RE = /^(1\d{10}|0\d{9,11})$/;
const NAME_RE = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]{2,}$/;

/**
 * Values addSecret would store unchanged (RE2 syntax for DuckDB): what it folds, trims or refuses
 * fails these and takes the slow path, so both paths store the same set.
 */
const CANONICAL: Record<SecretKind, string> = {
  id_number: '[0-9]{17}[0-9X]',
  phone: '1[0-9]{10}|0[0-9]{9,11}',
  household_id: '[0-9A-Z]{4,}',
  name: '[\\x{3400}-\\x{4DBF}\\x{4E00}-\\x{9FFF}\\x{F900}-\\x{FAFF}\\x{B7}]{2,}',
};

/** Digits as compared: full-width forms folded to ASCII, spaces and dashes removed, X upper case. */
export function foldNumber(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uff38\uff58]/g, 'X')
    .replace(/[\s\u3000\-\u2010-\u2015\u2212\uff0d]/g, '')
    .toUpperCase();
}

/** Which secret a contract column holds, or null when it holds none we can look for. */
export function secretKindOf(column: { name: string; personal: boolean; check?: string; pattern?: { regex: string } }): SecretKind | null {
  if (column.name === 'household_id') return 'household_id';
  if (!column.personal) return null;
  if (column.check === 'gb11643') return 'id_number';
  if (column.pattern?.regex.includes('1\\d{10}')) return 'phone';
  if (/_name$|_person$/.test(column.name)) return 'name';
  return null; // free text (问题描述、佐证材料): the names inside it are the names above
}

/** Personal columns per raw table, from the contracts. */
export function personalColumns(): { table: string; column: string; kind: SecretKind }[] {
  const out: { table: string; column: string; kind: SecretKind }[] = [];
  for (const entity of entityNames) {
    for (const c of columnsOf(contracts[entity])) {
      const kind = secretKindOf(c);
      if (kind) out.push({ table: `raw.${entity}`, column: c.name, kind });
    }
  }
  return out;
}

async function rows(con: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await con.runAndReadAll(sql)).getRowsJS() as unknown[][];
}

export function emptySecrets(): Secrets {
  return { byKind: { id_number: new Set(), phone: new Set(), household_id: new Set(), name: new Set() }, places: new Set() };
}

export function addSecret(secrets: Secrets, kind: SecretKind, value: string): void {
  const v = value.trim();
  if (kind === 'name') {
    if (NAME_RE.test(v)) secrets.byKind.name.add(v);
    return;
  }
  const folded = foldNumber(v);
  if (kind === 'id_number' && ID_RE.test(folded)) secrets.byKind.id_number.add(folded);
  else if (kind === 'phone' && PHONE_RE.test(folded)) secrets.byKind.phone.add(folded);
  else if (kind === 'household_id' && folded.length >= 4) secrets.byKind.household_id.add(folded);
}

/** Reads the personal values and place names of a warehouse (opened read-only). */
export async function loadSecrets(warehousePath: string): Promise<Secrets> {
  const db = await DuckDBInstance.create(warehousePath, { access_mode: 'READ_ONLY' });
  const con = await db.connect();
  const secrets = emptySecrets();
  try {
    const tables = new Set((await rows(con, `select table_schema || '.' || table_name from information_schema.tables`)).map((r) => String(r[0])));
    const present = new Set(
      (await rows(con, `select table_schema || '.' || table_name || '.' || column_name from information_schema.columns`)).map((r) => String(r[0])),
    );
    const has = (c: string) => present.has(c);
    const columns = personalColumns().filter((c) => c.kind !== 'name');
    for (const { table, column, kind } of columns) {
      if (!present.has(`${table}.${column}`)) continue;
      // A city holds millions of these. Values already in the form addSecret would store them in
      // come back as one string (a JS value per row was most of the time); the rest, typed with
      // spaces, full-width digits or not valid at all, go through addSecret one by one.
      await con.run(
        `create or replace temp table secret_values as
         select v, regexp_full_match(v, '${CANONICAL[kind]}') as canonical
         from (select distinct trim(${column}::varchar) as v from ${table} where ${column} is not null)`,
      );
      const canonical = (await rows(con, `select coalesce(string_agg(v, chr(10)), '') from secret_values where canonical`))[0]?.[0] ?? '';
      const set = secrets.byKind[kind];
      for (const v of String(canonical).split('\n')) if (v) set.add(v);
      for (const [v] of await rows(con, `select v from secret_values where not canonical`)) addSecret(secrets, kind, String(v));
    }
    if (tables.has('raw.rejects')) {
      const kindOfColumn = new Map(columns.map((c) => [c.column, c.kind]));
      for (const [col, v] of await rows(con, `select distinct column_name, trim(value) from raw.rejects where value is not null`)) {
        const kind = kindOfColumn.get(String(col));
        if (kind) addSecret(secrets, kind, String(v));
      }
    }
    // Names and places: the very queries staging masks free text with (names.ts), so the two agree.
    for (const [sql, set] of [
      [personalNamesSql(has), secrets.byKind.name],
      [placeNamesSql(has), secrets.places],
    ] as const) {
      const all = (await rows(con, `select coalesce(string_agg(n, chr(10)), '') from (${sql}) as t(n)`))[0]?.[0] ?? '';
      for (const v of String(all).split('\n')) if (v) set.add(v);
    }
    if (tables.has('meta.publication')) {
      const [row] = await rows(con, `select audience from meta.publication limit 1`);
      secrets.audience = row?.[0] === 'public' ? 'public' : 'internal';
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
  return secrets;
}

/** A secret as it may be printed: 李*财, 138****8264. */
export function mask(kind: SecretKind, v: string): string {
  if (kind === 'name') return v.length <= 2 ? `${v[0]}*` : `${v[0]}${'*'.repeat(v.length - 2)}${v[v.length - 1]}`;
  if (v.length <= 6) return `${v.slice(0, 1)}***`;
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}
