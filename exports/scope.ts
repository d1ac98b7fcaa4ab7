import type { Kysely } from 'kysely';
import type { Database } from '../models/generated/database.ts';

export interface Scope {
  areaCode: string;
  areaName: string;
  areaLevel: string;
  month: Date;
  monthKey: string; // '2024-06'
  previousMonth: Date | null;
  /** The whole campaign in the warehouse, first and last month ('2024-01', '2024-12'): the 总结报告's period. */
  firstMonthKey: string;
  lastMonthKey: string;
}

/**
 * The area a deck speaks for: the one mart_kpi flags as the report's scope (the lowest area that
 * holds every village: a town campaign's town, a county's county), unless --area names another.
 * The rule is written once, in mart_kpi; the site's pages read the same flag.
 */
export async function resolveScope(db: Kysely<Database>, month?: string, areaCode?: string): Promise<Scope> {
  const area = await db
    .selectFrom('marts.mart_kpi')
    .select(['area_code', 'area_name', 'area_level'])
    .$if(areaCode === undefined, (q) => q.where('is_report_scope', '=', true))
    .$if(areaCode !== undefined, (q) => q.where('area_code', '=', areaCode!))
    .limit(1)
    .executeTakeFirst();
  if (areaCode && !area) throw new Error(`没有区划代码为 ${areaCode} 的区划`);
  if (!area) throw new Error('仓库中还没有数据，请先运行 npm run demo 或 npm run load && npm run models');
  const months = (await db.selectFrom('marts.mart_poverty_incidence').select('snapshot_month').distinct().orderBy('snapshot_month').execute()).map((r) => r.snapshot_month!);
  if (months.length === 0) throw new Error('仓库中还没有数据，请先运行 npm run demo 或 npm run load && npm run models');
  const key = (d: Date) => d.toISOString().slice(0, 7);
  const chosen = month ? months.find((m) => key(m) === month) : months.at(-1);
  if (!chosen) throw new Error(`仓库中没有 ${month} 的数据（有：${months.map(key).join('、')}）`);
  const i = months.indexOf(chosen);
  return { areaCode: area.area_code!, areaName: area.area_name!, areaLevel: area.area_level!, month: chosen, monthKey: key(chosen), previousMonth: i > 0 ? months[i - 1]! : null, firstMonthKey: key(months[0]!), lastMonthKey: key(months.at(-1)!) };
}
