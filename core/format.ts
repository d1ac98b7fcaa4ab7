/** Chinese number and date formats shared by logs, pages and exports. */

/** A month typed by a user or written in a cell ('2024-06', '2024/6', '2024年6月', a date, an Excel serial) → '2024-06'. */
export function parseMonth(text: string): string | undefined {
  const m = monthFromCell(text);
  if (!m) return undefined;
  const year = Number(m.slice(0, 4));
  return year >= 2000 && year <= 2100 ? m : undefined;
}

/** Excel's day 0 (its serial numbers count days from 1899-12-30, leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * The month a 数据月份 cell names: 2024-06, 2024/6, 2024年6月, 202406, a whole date
 * (2024-06-01, 2024/6/1, 2024年6月1日, with or without a time) or an Excel date serial
 * (45444 = 2024-06-01). Undefined when it names none.
 */
export function monthFromCell(text: string): string | undefined {
  const t = text.trim().normalize('NFKC');
  const date = /^(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(t);
  if (date) return monthOf(Number(date[1]), Number(date[2]));
  const month = /^(20\d{2}|19\d{2})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?$/.exec(t);
  if (month) return monthOf(Number(month[1]), Number(month[2]));
  if (/^\d{5}(?:\.0+)?$/.test(t)) {
    const serial = Number(t);
    // 1982-02-12 … 2119-01-15: a serial far outside the campaign years is not a month.
    if (serial >= 30000 && serial <= 80000) {
      const d = new Date(EXCEL_EPOCH + serial * DAY_MS);
      return monthOf(d.getUTCFullYear(), d.getUTCMonth() + 1);
    }
  }
  return undefined;
}

function monthOf(year: number, month: number): string | undefined {
  return month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, '0')}` : undefined;
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
