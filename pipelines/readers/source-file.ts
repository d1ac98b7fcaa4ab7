import type { EntityName } from '../../core/glossary.ts';
import type { Encoding } from './encoding.ts';

/**
 * An input file made ready for DuckDB's read_csv: a UTF-8 CSV (the original or a normalised
 * copy) and where its header and rows are. Readers produce it; the loader only reads it.
 */
export interface SourceFile {
  /** The path the user gave. */
  path: string;
  /** The sheet read, for workbooks. */
  sheet: string | null;
  sha256: string;
  encoding: Encoding | 'xlsx';
  entity: EntityName;
  /** Header cells as they stand in the file. */
  headers: string[];
  /** UTF-8 CSV that read_csv reads. */
  csvPath: string;
  delimiter: string;
  /** Lines of csvPath before the first data row. */
  skipLines: number;
  /**
   * Where row numbers come from: 'column' when csvPath's first column holds the spreadsheet
   * row number; otherwise data rows are consecutive from `firstRowNumber`.
   */
  rowNumbers: { kind: 'column' } | { kind: 'sequential'; firstRowNumber: number };
  /**
   * Data rows (blank ones included) counted from the file without the CSV parser, or from the
   * rows the workbook reader wrote. The loader requires read_csv to yield exactly as many.
   */
  expectedRows: number;
  /** Removes temporary copies. */
  dispose(): void;
}
