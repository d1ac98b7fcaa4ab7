import path from 'node:path';
import type { EntityName } from '../../core/glossary.ts';
import { openCsv } from './csv.ts';
import type { Encoding } from './encoding.ts';
import { ReadError } from './read-error.ts';
import type { SourceFile } from './source-file.ts';
import { openXls } from './xls.ts';
import { openXlsx } from './xlsx.ts';

export interface OpenOptions {
  encoding?: Encoding | undefined;
  sheet?: string | undefined;
  entity?: EntityName | undefined;
}

export const SUPPORTED_EXTENSIONS = ['.csv', '.txt', '.xlsx', '.xls', '.et'] as const;

/** Opens any supported export; anything else is a ReadError with a clear message. */
export async function openSource(file: string, options: OpenOptions = {}): Promise<SourceFile> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return openCsv(file, options);
  if (ext === '.xlsx' || ext === '.xlsm') return openXlsx(file, options);
  if (ext === '.xls' || ext === '.et') return openXls(file, options);
  throw new ReadError(file, `不支持的文件类型“${ext || '无扩展名'}”，请提供.csv、.xlsx或.xls`, `unsupported file type "${ext}"`);
}

export { ReadError } from './read-error.ts';
export type { SourceFile } from './source-file.ts';
export { parseEncoding, type Encoding } from './encoding.ts';
