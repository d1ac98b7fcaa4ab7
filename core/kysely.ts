import { StatementType, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Warehouse } from './warehouse.ts';

/**
 * A small Kysely dialect over the process's one warehouse connection. kysely-duckdb was checked
 * first: it opens a new connection per query and decides "select or not" from the rows, so a
 * `select count(*) as count` comes back empty. This one asks DuckDB for the statement type.
 * DuckDB speaks PostgreSQL's SQL closely enough for Kysely's Postgres compiler.
 */
export function kyselyFor<DB>(wh: Warehouse): Kysely<DB> {
  return new Kysely<DB>({ dialect: new WarehouseDialect(wh.connection) });
}

class WarehouseDialect implements Dialect {
  constructor(private readonly connection: DuckDBConnection) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new WarehouseDriver(this.connection);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class WarehouseDriver implements Driver {
  private readonly conn: WarehouseConnection;
  constructor(connection: DuckDBConnection) {
    this.conn = new WarehouseConnection(connection);
  }
  async init() {}
  async acquireConnection() {
    return this.conn;
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('begin transaction'));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection() {}
  async destroy() {}
}

/** Values as the generated Database types promise: integers as numbers, dates as Date. */
function toJs(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`整数 ${value} 超出 JavaScript 安全范围 / integer beyond Number.MAX_SAFE_INTEGER`);
    }
    return Number(value);
  }
  return value;
}

/** Parameters DuckDB cannot type by itself: a Date becomes its date (or timestamp) text. */
function toParameter(value: unknown): DuckDBValue {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('T', ' ').replace('Z', '');
  }
  return value as DuckDBValue;
}

class WarehouseConnection implements DatabaseConnection {
  constructor(private readonly connection: DuckDBConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reader = await this.connection.runAndReadAll(query.sql, query.parameters.map(toParameter));
    if (reader.statementType === StatementType.SELECT) {
      const rows = reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJs(v)])));
      return { rows: rows as R[] };
    }
    const changed = BigInt(reader.rowsChanged);
    return { rows: [], numAffectedRows: changed };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('流式查询未实现，请用 execute() / streaming is not supported');
  }
}
