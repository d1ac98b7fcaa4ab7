import type { EntityName } from '../../core/glossary.ts';
import type { CsvEncoding, FileFormat, LedgerFileSpec } from './ledger-writer.ts';

/**
 * The seven files of a month. Their names carry the ledger's Chinese label, which is how the loader
 * tells them apart. Formats are mixed as a county's exports are: the village sheet as GBK CSV, the
 * households as UTF-8 CSV with BOM, the issue ledger as XLSX under a title row, allocations as plain
 * UTF-8 CSV, payments as XLSX. When --formats allows only one kind, every file takes it.
 */

export interface LedgerFile {
  entity: EntityName;
  /** File name without extension. */
  label: string;
  csvEncoding: CsvEncoding;
  preferred: FileFormat;
  titled: boolean;
}

export const LEDGER_FILES: readonly LedgerFile[] = [
  { entity: 'village', label: '村基本情况', csvEncoding: 'gb18030', preferred: 'csv', titled: false },
  { entity: 'household', label: '农户信息', csvEncoding: 'utf-8-bom', preferred: 'csv', titled: false },
  { entity: 'issue', label: '问题整改台账', csvEncoding: 'utf-8', preferred: 'xlsx', titled: true },
  { entity: 'fund_allocation', label: '资金下达台账', csvEncoding: 'utf-8', preferred: 'csv', titled: false },
  { entity: 'fund_payment', label: '资金支出台账', csvEncoding: 'gb18030', preferred: 'xlsx', titled: false },
  { entity: 'supervision_visit', label: '督导记录', csvEncoding: 'utf-8', preferred: 'xlsx', titled: true },
  { entity: 'assistance_measure', label: '帮扶措施台账', csvEncoding: 'utf-8-bom', preferred: 'csv', titled: false },
];

export function specFor(file: LedgerFile, formats: readonly FileFormat[], title: string): LedgerFileSpec {
  const format = formats.includes(file.preferred) ? file.preferred : (formats[0] as FileFormat);
  return {
    format,
    encoding: format === 'csv' ? file.csvEncoding : null,
    title: format === 'xlsx' && file.titled ? title : null,
  };
}
