import type { DuckDBConnection } from '@duckdb/node-api';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  ms: number;
}

/** Runs one statement and returns its rows as plain values. */
export async function runQuery(connection: DuckDBConnection, sql: string): Promise<QueryResult> {
  const started = performance.now();
  const reader = await connection.runAndReadAll(sql);
  const columns = reader.columnNames();
  const rows = reader.getRowsJS() as unknown[][];
  return { columns, rows, ms: performance.now() - started };
}

/** DuckDB's read-only refusal, and other errors, said in Chinese first. */
export function explainError(error: unknown): string {
  const message = (error as Error).message;
  if (/read-only mode|read only/i.test(message)) {
    return `只读模式下不能修改数据（如需修改，请加 --write 以读写方式打开）/ the console is read-only: ${message.split('\n')[0]}`;
  }
  return `查询出错 / query failed: ${message}`;
}

export const TABLES_SQL = `select table_schema as 模式, table_name as 表, table_type as 类型,
  (select count(*) from information_schema.columns c where c.table_schema = t.table_schema and c.table_name = t.table_name) as 列数
from information_schema.tables t
where table_schema in ('marts', 'staging', 'intermediate', 'meta')
order by case table_schema when 'marts' then 0 when 'staging' then 1 when 'intermediate' then 2 else 3 end, table_name`;

export function schemaSql(table: string): string {
  const [schema, name] = table.includes('.') ? table.split('.', 2) : ['marts', table];
  return `select column_name as 列, data_type as 类型, is_nullable as 可空
from information_schema.columns
where table_schema = '${schema!.replaceAll("'", "''")}' and table_name = '${name!.replaceAll("'", "''")}'
order by ordinal_position`;
}
