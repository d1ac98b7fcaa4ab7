import type { EntityName } from '../../core/glossary.ts';
import type { Progress } from '../../core/progress.ts';
import type { Encoding, SourceFile } from '../readers/index.ts';

export interface LoadOptions {
  /** 'YYYY-MM'; otherwise from the path, otherwise from the 数据月份 column. */
  month?: string | undefined;
  encoding?: Encoding | undefined;
  sheet?: string | undefined;
  entity?: EntityName | undefined;
  progress?: Progress;
  /** Replace the whole entity-month: villages absent from the new files are removed. */
  replaceMonth?: boolean;
  /** Go ahead although the load would remove more than the guard's share of what it replaces. */
  force?: boolean;
  /** Read and validate everything, report what a load would do, write nothing. */
  check?: boolean;
  /** Share of the replaced rows a load may remove before it asks for --force (default 0.5). */
  shrinkLimit?: number;
  /**
   * Every cell through the slow path (normalised and judged in full), none by the fast path's
   * accepted-form shortcut. The result must be the same; the equivalence test and the benchmark use it.
   */
  slowOnly?: boolean;
  /** Called inside the transaction, after the writes and before the commit; a throw rolls back. */
  beforeCommit?: (entity: EntityName, month: string) => Promise<void>;
}

export type LoadStatus = 'loaded' | 'checked' | 'unchanged' | 'failed';

/** What a file's rows replaced in one village (or other area) of its entity-month. */
export interface AreaChange {
  code: string;
  /** 'village name (town)', when the warehouse knows the village. */
  name: string | null;
  before: number;
  after: number;
}

/** What a load replaced: the areas its files cover, and their rows before → after. */
export interface Replacement {
  areas: AreaChange[];
  /** Town labels of the areas (the first nine digits, named from the village register). */
  towns: string[];
  before: number;
  after: number;
  /** Areas in the warehouse the files do not mention, removed by --replace-month. */
  removedAreas: number;
}

export interface FileResult {
  file: string;
  sheet: string | null;
  entity: EntityName | null;
  month: string | null;
  sha256: string | null;
  encoding: string | null;
  status: LoadStatus;
  read: number;
  loaded: number;
  rejected: number;
  /** Loaded rows that carry a warning (a value taken as 其他); they count as loaded. */
  warned: number;
  loadId: number | null;
  message: string | null;
  /** For loaded and checked files: what this file's rows replace. */
  replaced?: Replacement;
}

/** A file opened, checked as a whole and assigned its month, waiting to be validated with its group. */
export interface Landed {
  source: SourceFile;
  /** Contract columns the file lacks. */
  missing: Set<string>;
  /** Number columns whose header names another unit, with the factor to the column's unit. */
  scale: Map<string, number>;
  /** The query that yields the file's cells (see cellsQuery). */
  cells: string;
  month: string;
  /** Where the month came from: --month, the file or folder name, or the 数据月份 column. */
  monthFrom: 'option' | 'path' | 'column';
  startedAt: Date;
}

/**
 * A file that cannot be right as a whole. It fails before anything is written: the message
 * says why and what to do, in Chinese, then in English.
 */
export class FileFailure extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'FileFailure';
  }
}

/** The sentence every failed file ends with: nothing it carried was written. */
export const UNCHANGED_ZH = '原数据未改动';

/** Longest line read_csv accepts; a longer one is reported as too large, not as a parser error. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
/**
 * read_csv's buffer. DuckDB sizes it from max_line_size when it is not given (16 × 8 MB): a
 * 210 MB file then splits into two batches, the pass runs on fewer threads, and the insert cannot
 * write its row groups as they fill, so the commit's checkpoint compresses the whole table on one
 * thread (1M rows: 3 s). 32 MB is DuckDB's own default.
 */
export const CSV_BUFFER_BYTES = 32 * 1024 * 1024;
