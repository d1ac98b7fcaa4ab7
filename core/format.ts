/** Chinese number and date formats shared by logs, pages and exports. */

const MONTH_RE = /^(\d{4})[-/年.]?(\d{1,2})(?:月)?(?:[-/.]?\d{1,2}日?)?$/;

/** Parses 2024-06, 202406, 2024/6, 2024年6月, 2024-06-01 into '2024-06'; undefined if not a month. */
export function parseMonth(text: string): string | undefined {
  const m = MONTH_RE.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return undefined;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** '2024-06' or a date → '2024年6月'. */
export function monthLabel(month: string | Date): string {
  const iso = typeof month === 'string' ? month : month.toISOString();
  const [y, m] = iso.split('-');
  return `${Number(y)}年${Number(m)}月`;
}

const intFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return intFormat.format(n);
}

/** 元 → '12.35万元'. */
export function formatWanYuan(yuan: number, digits = 2): string {
  return `${(yuan / 10_000).toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits })}万元`;
}

/** 0.263 → '26.3%'. */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Seconds with one decimal, for progress lines. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}秒`;
}
