import fs from 'node:fs';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { config } from './config.ts';

export type Row = Record<string, unknown>;

/**
 * The single warehouse connection of a process. Every stage talks to DuckDB through this.
 * Values come back as plain JS (bigint → number where safe, dates → ISO strings).
 */
export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(
    dbPath: string,
    options: { readOnly?: boolean; threads?: number | undefined } = {},
  ): Promise<Warehouse> {
    if (dbPath !== ':memory:' && options.readOnly && !fs.existsSync(dbPath)) {
      throw new Error(missingWarehouse(dbPath));
    }
    if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const settings: Record<string, string> = {};
    if (options.readOnly) settings['access_mode'] = 'READ_ONLY';
    if (options.threads) settings['threads'] = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(dbPath, settings);
    } catch (error) {
      const message = (error as Error).message;
      const pid = /PID (\d+)/.exec(message)?.[1];
      if (/Could not set lock/i.test(message)) {
        throw new Error(`数据仓库 ${dbPath} 正被另一个进程${pid ? `（PID ${pid}）` : ''}使用：请等它结束后再试 / the warehouse is locked by another process`);
      }
      throw error;
    }
    const connection = await instance.connect();
    const wh = new Warehouse(dbPath, instance, connection);
    // Progress is polled by long statements; DuckDB must track it but never print it.
    await wh.run('set enable_progress_bar = true');
    await wh.run('set enable_progress_bar_print = false');
    return wh;
  }

  async run(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<void> {
    await this.connection.run(sql, params);
  }

  async all<T extends object = Row>(
    sql: string,
    params?: DuckDBValue[] | Record<string, DuckDBValue>,
  ): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((row) => normalise(row)) as T[];
  }

  async one<T extends object = Row>(
    sql: string,
    params?: DuckDBValue[] | Record<string, DuckDBValue>,
  ): Promise<T> {
    const rows = await this.all<T>(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql.slice(0, 120)}`);
    return rows[0] as T;
  }

  /** Runs `fn` in one transaction: all of it lands, or none of it does. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('begin transaction');
    try {
      const result = await fn();
      await this.run('commit');
      return result;
    } catch (error) {
      await this.run('rollback');
      throw error;
    }
  }

  /** Fraction done (0..1) of the statement now running, or undefined when DuckDB cannot tell. */
  progress(): number | undefined {
    const p = this.connection.progress;
    return p.percentage >= 0 ? p.percentage / 100 : undefined;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function normalise(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) {
      out[key] = Number(value);
    } else if (value instanceof Date) {
      out[key] = value.toISOString();
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** What to tell a user whose warehouse file is not there yet. */
export function missingWarehouse(dbPath: string): string {
  return `数据仓库 ${dbPath} 不存在：请先运行 npm run demo，或先加载数据（npm run load -- <文件夹>）再运行 npm run models`;
}

let shared: Promise<Warehouse> | undefined;

/** The process-wide warehouse, opened on first use from the configured path. */
export function warehouse(options: { readOnly?: boolean } = {}): Promise<Warehouse> {
  shared ??= Warehouse.open(config.warehousePath, { ...options, threads: config.threads });
  return shared;
}
