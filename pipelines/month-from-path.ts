import path from 'node:path';

const MONTH_IN_TEXT = /(?<!\d)(20\d{2})\s*[-_.年/]?\s*(1[0-2]|0?[1-9])(?!\d)\s*月?/;

/**
 * The month a path names, nearest segment first: 农户信息_2024年6月.csv, 2024-06/农户.csv,
 * 202406.xlsx. Also parses a bare month cell such as '2024-06'. Undefined when none does.
 */
export function monthFromPath(p: string): string | undefined {
  const segments = p.split(/[\\/]/).filter(Boolean).reverse();
  segments[0] = segments[0] === undefined ? '' : path.parse(segments[0]).name;
  for (const segment of segments) {
    const withoutCodes = segment.replace(/\d{9,}/g, ' ');
    const m = MONTH_IN_TEXT.exec(withoutCodes);
    if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}`;
  }
  return undefined;
}

export { monthFromCell } from '../core/format.ts';
