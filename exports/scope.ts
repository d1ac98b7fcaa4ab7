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
 * The area a deck speaks for: from the top, step down while an area has a single child (a town
 * campaign's city and county hold one town), so the deck is about the level leadership runs.
 */
export async function resolveScope(db: Kysely<Database>, month?: string, areaCode?: string): Promise<Scope> {
  const areas = await db.selectFrom('marts.mart_area').select(['area_code', 'area_name', 'area_level', 'parent_code', 'level_order']).execute();
  let area = areaCode ? areas.find((a) => a.area_code === areaCode) : undefined;
  if (areaCode && !area) throw new Error(`没有区划代码为 ${areaCode} 的区划`);
  if (!area) {
    const top = Math.max(...areas.map((a) => a.level_order ?? 0));
    area = areas.find((a) => a.level_order === top)!;
    for (;;) {
      const children = areas.filter((a) => a.parent_code === area!.area_code);
      if (children.length !== 1) break;
      area = children[0]!;
    }
  }
  const months = (await db.selectFrom('marts.mart_poverty_incidence').select('snapshot_month').distinct().orderBy('snapshot_month').execute()).map((r) => r.snapshot_month!);
  if (months.length === 0) throw new Error('仓库中还没有数据，请先运行 npm run demo 或 npm run load && npm run models');
  const key = (d: Date) => d.toISOString().slice(0, 7);
  const chosen = month ? months.find((m) => key(m) === month) : months.at(-1);
  if (!chosen) throw new Error(`仓库中没有 ${month} 的数据（有：${months.map(key).join('、')}）`);
  const i = months.indexOf(chosen);
  return { areaCode: area.area_code!, areaName: area.area_name!, areaLevel: area.area_level!, month: chosen, monthKey: key(chosen), previousMonth: i > 0 ? months[i - 1]! : null, firstMonthKey: key(months[0]!), lastMonthKey: key(months.at(-1)!) };
}
