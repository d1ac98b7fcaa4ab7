import stringWidth from 'string-width';

/** Cell text as analysts read it: numbers unformatted, dates ISO, NULL spelled out. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

function pad(text: string, width: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return right ? gap + text : text + gap;
}

function clip(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * A boxed table whose columns line up with Chinese text: widths are display widths (a CJK
 * character takes two columns), numbers are right-aligned.
 */
export function renderTable(
  columns: string[],
  rows: unknown[][],
  options: { maxCellWidth?: number; /** Columns of already formatted numbers (1,234), aligned right. */ rightAligned?: readonly string[] } = {},
): string {
  const max = options.maxCellWidth ?? 40;
  const text = rows.map((r) => r.map((v) => clip(cellText(v), max)));
  const numeric = columns.map(
    (c, i) =>
      options.rightAligned?.includes(c) ||
      (rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number' || typeof r[i] === 'bigint')),
  );
  const widths = columns.map((c, i) => Math.max(stringWidth(c), ...text.map((r) => stringWidth(r[i]!))));
  const line = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const row = (cells: string[], alignNumbers: boolean) =>
    '│' + cells.map((c, i) => ` ${pad(c, widths[i]!, alignNumbers && numeric[i]!)} `).join('│') + '│';
  return [line('┌', '┬', '┐'), row(columns, false), line('├', '┼', '┤'), ...text.map((r) => row(r, true)), line('└', '┴', '┘')].join('\n');
}
