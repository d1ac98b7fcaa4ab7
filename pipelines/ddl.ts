import { quoteIdent } from '../core/sql.ts';
import type { Warehouse } from '../core/warehouse.ts';
import { columnsOf, contracts, entityNames, type ColumnSpec, type Contract } from './contracts/index.ts';

/** DuckDB type of each contract kind. Money is kept to the 分. */
export const sqlTypes = {
  text: 'varchar',
  enum: 'varchar',
  int: 'integer',
  decimal: 'decimal(18,2)',
  date: 'date',
  month: 'date',
  bool: 'boolean',
} as const satisfies Record<ColumnSpec['kind'], string>;

/** Lineage columns every raw row carries. */
export const LINEAGE_COLUMNS = [
  ['snapshot_month', 'date not null'],
  ['_load_id', 'integer not null'],
  ['_source_file', 'varchar not null'],
  ['_sheet', 'varchar'],
  ['_row_number', 'integer not null'],
  ['_file_sha256', 'varchar not null'],
  // How the row's village code was found: given in the file, or from its names in the village register or the national register.
  ['_code_source', 'varchar'],
] as const;

/** A broken rule or a warning about one cell: which column, which rule, the value as written, masked and explained. */
export const ISSUE_STRUCT = 'struct("column" varchar, rule varchar, value varchar, shown varchar, zh varchar, en varchar)';

/**
 * What a load keeps beside each row while it decides, inside its transaction (see
 * pipelines/load/validate.ts): the rules a row broke and its warnings. Warnings move to
 * raw.warnings before the commit. Every row the load does not keep has a rule in _errors and is
 * deleted right after the commit (sweepUnloaded), and again at the start
 * of every load should a crash fall between the two; so both are NULL in every row a reader sees.
 */
export const STAGING_COLUMNS = [
  ['_errors', `${ISSUE_STRUCT}[]`],
  ['_warnings', `${ISSUE_STRUCT}[]`],
] as const;

/**
 * Removes the staged rows a load did not keep (those with a rule in _errors): right after its
 * commit, and at the start of every load in case a crash fell between a commit and this. A delete
 * of committed rows costs DuckDB almost nothing (1M rows, 915 of them refused: 0.01 s).
 */
export async function sweepUnloaded(wh: Warehouse, entity: string, where = 'true'): Promise<void> {
  await wh.run(`delete from raw.${entity} where (${where}) and _errors is not null`);
}

/** The raw table of a contract; `table` names another (a temporary one for --check). */
export function rawTableDdl(contract: Contract, table = `raw.${contract.entity}`, temp = false): string {
  const cols = [
    ...LINEAGE_COLUMNS.map(([name, type]) => `  ${name} ${type}`),
    ...columnsOf(contract).map((c) => `  ${quoteIdent(c.name)} ${sqlTypes[c.kind]}`),
    ...STAGING_COLUMNS.map(([name, type]) => `  ${name} ${type}`),
  ];
  return `create ${temp ? 'or replace temp ' : ''}table ${temp ? '' : 'if not exists '}${table} (\n${cols.join(',\n')}\n)`;
}

const issuesDdl = (table: string) => `create table if not exists ${table} (
  load_id integer not null,
  entity varchar not null,
  snapshot_month date not null,
  source_file varchar not null,
  sheet varchar,
  row_number integer,
  record_key varchar,
  village_code varchar,
  column_name varchar,
  header varchar,
  value varchar,
  rule varchar not null,
  message_zh varchar not null,
  message_en varchar not null
)`;

/** Refused rows, with why (raw.rejects); loaded rows with a value taken as 其他 (raw.warnings). Same shape. */
const REJECTS_DDL = issuesDdl('raw.rejects');
const WARNINGS_DDL = issuesDdl('raw.warnings');

const LOADS_DDL = `create table if not exists meta.loads (
  load_id integer primary key,
  batch_id integer not null,
  entity varchar not null,
  snapshot_month date,
  source_file varchar not null,
  sheet varchar,
  file_sha256 varchar not null,
  encoding varchar,
  rows_read integer not null,
  rows_loaded integer not null,
  rows_rejected integer not null,
  started_at timestamp not null,
  finished_at timestamp not null,
  status varchar not null,
  message varchar
)`;

/** Creates the raw and meta schemas if absent; a contract change that drops or retypes a column is refused. */
export async function ensureRawSchema(wh: Warehouse): Promise<void> {
  await wh.run('create schema if not exists raw');
  await wh.run('create schema if not exists meta');
  await wh.run(REJECTS_DDL);
  await wh.run(WARNINGS_DDL);
  await wh.run(LOADS_DDL);
  await wh.run('create sequence if not exists meta.load_id_seq start 1');
  for (const entity of entityNames) {
    const contract = contracts[entity];
    await wh.run(rawTableDdl(contract));
    await addNewColumns(wh, contract);
    // Rows a load did not keep, left by a crash between its commit and their removal.
    await sweepUnloaded(wh, entity);
  }
}

async function addNewColumns(wh: Warehouse, contract: Contract): Promise<void> {
  const existing = await wh.all<{ column_name: string; data_type: string }>(
    `select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $1`,
    [contract.entity],
  );
  const have = new Map(existing.map((r) => [r.column_name, r.data_type.toLowerCase()]));
  // Lineage added after a warehouse was made (nullable, so old rows simply have none).
  for (const [name, type] of LINEAGE_COLUMNS) {
    if (!have.has(name) && !type.includes('not null')) await wh.run(`alter table raw.${contract.entity} add column ${name} ${type}`);
  }
  for (const [name, type] of STAGING_COLUMNS) {
    if (!have.has(name)) await wh.run(`alter table raw.${contract.entity} add column ${name} ${type}`);
  }
  for (const c of columnsOf(contract)) {
    const type = have.get(c.name);
    if (type === undefined) {
      await wh.run(`alter table raw.${contract.entity} add column ${quoteIdent(c.name)} ${sqlTypes[c.kind]}`);
    } else if (type !== sqlTypes[c.kind]) {
      throw new Error(
        `仓库表 raw.${contract.entity}.${c.name} 的类型为 ${type}，与数据规范的 ${sqlTypes[c.kind]} 不一致，请重建仓库 / ` +
          `warehouse column type differs from the contract; rebuild the warehouse`,
      );
    }
  }
}
