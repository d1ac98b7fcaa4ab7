/**
 * The campaign calendar: the run's months and seed 003's four phases (部署 → 查漏补缺 → 全面收官 →
 * 巩固提升). The phases are dated for a calendar year (1月1日–3月15日, –5月31日, 6月, 7–12月);
 * a run of another length stretches them over its months, so a 3-month test run still passes
 * through every phase and ends the campaign in its last month.
 */

export const PHASES = [
  { name: '部署', until: 2.5 / 12 },
  { name: '查漏补缺', until: 5 / 12 },
  { name: '全面收官', until: 6 / 12 },
  { name: '巩固提升', until: 1 },
] as const;

export type PhaseName = (typeof PHASES)[number]['name'];

export interface CampaignMonth {
  index: number;
  /** '2024-06' */
  month: string;
  year: number;
  /** 1–12 */
  monthOfYear: number;
  daysInMonth: number;
  /** Last day, '2024-06-30': the snapshot date of that month's files. */
  endDate: string;
}

export class Calendar {
  readonly months: CampaignMonth[];

  constructor(start: string, count: number) {
    const m = /^(\d{4})-(\d{2})$/.exec(start);
    if (!m) throw new Error(`--start must look like 2024-01, got ${start}`);
    if (!Number.isInteger(count) || count < 1 || count > 120) throw new Error(`--months must be 1–120, got ${count}`);
    const y0 = Number(m[1]);
    const mo0 = Number(m[2]) - 1;
    this.months = Array.from({ length: count }, (_, index) => {
      const year = y0 + Math.floor((mo0 + index) / 12);
      const monthOfYear = ((mo0 + index) % 12) + 1;
      const daysInMonth = new Date(Date.UTC(year, monthOfYear, 0)).getUTCDate();
      const month = `${year}-${pad2(monthOfYear)}`;
      return { index, month, year, monthOfYear, daysInMonth, endDate: `${month}-${pad2(daysInMonth)}` };
    });
  }

  get length(): number {
    return this.months.length;
  }

  get last(): number {
    return this.months.length - 1;
  }

  /** Campaign fraction (0..1] reached at the end of month `index`. */
  progressAt(index: number): number {
    return (index + 1) / this.months.length;
  }

  /** The month index in which campaign fraction `t` (0..1) falls. */
  monthAt(t: number): number {
    return Math.min(this.last, Math.max(0, Math.floor(t * this.months.length)));
  }

  phaseOf(index: number): PhaseName {
    const mid = (index + 0.5) / this.months.length;
    return (PHASES.find((p) => mid < p.until) ?? PHASES[3]).name;
  }

  /** 'YYYY-MM-DD' for day `day` (clamped to the month) of month `index`; negative indexes reach back. */
  date(index: number, day: number): string {
    const first = this.months[0] as CampaignMonth;
    const total = first.year * 12 + (first.monthOfYear - 1) + index;
    const year = Math.floor(total / 12);
    const mo = (total % 12) + 1;
    const dim = new Date(Date.UTC(year, mo, 0)).getUTCDate();
    return `${year}-${pad2(mo)}-${pad2(Math.min(Math.max(1, day), dim))}`;
  }

  /** Adds days to an ISO date. */
  static addDays(iso: string, days: number): string {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
