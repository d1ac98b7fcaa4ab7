import type { Kysely } from 'kysely';
import type { Database } from '../models/generated/database.ts';
import type { Scope } from './scope.ts';

/**
 * Everything the monthly deck says, read from the marts for one area and month. The headline KPIs
 * come from mart_kpi and the slide list (titles, messages) from mart_deck_slides: the site deck
 * reads the same two marts, so the PPTX and the site say the same thing.
 */
export async function deckData(db: Kysely<Database>, scope: Scope) {
  const area = scope.areaCode;
  const kpi = await db
    .selectFrom('marts.mart_kpi')
    .selectAll()
    .where('area_code', '=', area)
    .where('snapshot_month', '<=', scope.month)
    .orderBy('snapshot_month')
    .execute();
  const current = kpi.at(-1);
  const slides = await db
    .selectFrom('marts.mart_deck_slides')
    .select(['slide_no', 'slide_key', 'title', 'message'])
    .where('area_code', '=', area)
    .where('snapshot_month', '=', scope.month)
    .orderBy('slide_no')
    .execute();
  if (slides.length === 0) throw new Error(`mart_deck_slides 中没有 ${scope.areaName} ${scope.monthKey} 的幻灯片（月报只为市、县市区、乡镇生成）`);
  const clearanceByCategory = await db
    .selectFrom('marts.mart_issue_clearance')
    .select(['dimension_value', 'issues_total', 'issues_closed', 'issues_open', 'issues_overdue', 'clearance_rate'])
    .where('area_code', '=', area)
    .where('snapshot_month', '=', scope.month)
    .where('dimension', '=', '问题类别')
    .orderBy('issues_total', 'desc')
    .execute();
  const fundsByCategory = await db
    .selectFrom('marts.mart_fund_by_area')
    .select(['fund_category', 'allocated_wan', 'paid_wan', 'disbursement_rate', 'schedule_by_month', 'gap_pp_by_month'])
    .where('area_code', '=', area)
    .where('snapshot_month', '=', scope.month)
    .where('fund_category', '<>', '全部')
    .orderBy('disbursement_rate')
    .execute();
  const villages = await db
    .selectFrom('marts.mart_kpi')
    .select(['area_name', 'poverty_incidence', 'remaining_poor_people', 'disbursement_rate'])
    .where('area_level', '=', 'village')
    .where('area_code', 'like', `${area}%`)
    .where('snapshot_month', '=', scope.month)
    .orderBy('poverty_incidence', 'desc')
    .execute();
  const ranking = await db
    .selectFrom('marts.mart_village_ranking')
    .select(['rank', 'village_name', 'lag_index', 'remaining_poor_people', 'poverty_incidence', 'rank_change'])
    .where('snapshot_month', '=', scope.month)
    .where('village_code', 'like', `${area}%`)
    .orderBy('rank')
    .limit(10)
    .execute();
  const flags = await db
    .selectFrom('marts.mart_red_flags')
    .select(['flag_type', 'village_name', 'subject', 'detail', 'severity'])
    .where('snapshot_month', '=', scope.month)
    .where('village_code', 'like', `${area}%`)
    .orderBy('flag_type').orderBy('severity', 'desc')
    .execute();
  const monitoring = await db
    .selectFrom('marts.mart_monitoring_transitions')
    .select(['monitor_type', 'newly_identified_households', 'eliminated_households', 'relapsed_households', 'at_risk_households', 'at_risk_people'])
    .where('area_code', '=', area)
    .where('snapshot_month', '=', scope.month)
    .orderBy('monitor_type')
    .execute();
  const supervisionGroups = await db
    .selectFrom('marts.mart_supervision_coverage')
    .select(['dimension_value', 'visited_villages', 'listed_villages', 'coverage_rate', 'visits'])
    .where('area_code', '=', area)
    .where('snapshot_month', '=', scope.month)
    .where('dimension', '=', '专项工作组')
    .execute();
  const unvisited = await db
    .selectFrom('marts.mart_supervision_gaps')
    .select(['village_name', 'town_name', 'listing_level', 'months_not_visited', 'last_visit_date'])
    .where('snapshot_month', '=', scope.month)
    .where('village_code', 'like', `${area}%`)
    .orderBy('months_not_visited', 'desc')
    .orderBy('village_code')
    .execute();
  return { scope, kpi, current, slides, clearanceByCategory, fundsByCategory, villages, ranking, flags, monitoring, supervisionGroups, unvisited };
}

export type DeckData = Awaited<ReturnType<typeof deckData>>;
export type SlideKey = DeckData['slides'][number]['slide_key'];
