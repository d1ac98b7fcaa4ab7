import type { Kysely } from 'kysely';
import type { Database } from '../models/generated/database.ts';
import type { Scope } from './scope.ts';

/** Everything the monthly deck says, read from the marts for one area and month. */
export async function deckData(db: Kysely<Database>, scope: Scope) {
  const area = scope.areaCode;
  const incidence = await db
    .selectFrom('marts.mart_poverty_incidence')
    .select(['snapshot_month', 'poverty_incidence', 'remaining_poor_households', 'remaining_poor_people', 'agri_population', 'incidence_change_pp', 'remaining_poor_people_change'])
    .where('area_code', '=', area)
    .where('snapshot_month', '<=', scope.month)
    .orderBy('snapshot_month')
    .execute();
  const current = incidence.at(-1);
  const key = await db.selectFrom('marts.mart_key_households').selectAll().where('area_code', '=', area).where('snapshot_month', '=', scope.month).executeTakeFirst();
  const clearance = await db
    .selectFrom('marts.mart_issue_clearance')
    .select(['snapshot_month', 'dimension', 'dimension_value', 'issues_total', 'issues_closed', 'clearance_rate', 'issues_open', 'issues_overdue'])
    .where('area_code', '=', area)
    .where('snapshot_month', '<=', scope.month)
    .execute();
  const funds = await db
    .selectFrom('marts.mart_fund_by_area')
    .select(['snapshot_month', 'fund_category', 'allocated_wan', 'paid_wan', 'disbursement_rate', 'schedule_by_month', 'gap_pp_by_month'])
    .where('area_code', '=', area)
    .where('snapshot_month', '<=', scope.month)
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
  const quality = await db
    .selectFrom('marts.mart_data_quality')
    .select((eb) => [
      eb.fn.countAll<number>().as('villages'),
      eb.fn.sum<number>(eb.case().when('village_reported', '=', true).then(1).else(0).end()).as('villages_reported'),
      eb.fn.sum<number>('household_rows_rejected').as('household_rows_rejected'),
      eb.fn.sum<number>('duplicate_household_rows').as('duplicate_household_rows'),
      eb.fn.sum<number>('missing_households').as('missing_households'),
      eb.fn.sum<number>(eb.case().when('village_total_mismatch', '=', true).then(1).else(0).end()).as('village_total_mismatches'),
    ])
    .where('snapshot_month', '=', scope.month)
    .where('village_code', 'like', `${area}%`)
    .executeTakeFirstOrThrow();
  const overall = (m: Date | null) => clearance.find((c) => c.dimension === '总体' && m && c.snapshot_month?.getTime() === m.getTime());
  const allFunds = (m: Date | null) => funds.find((f) => f.fund_category === '全部' && m && f.snapshot_month?.getTime() === m.getTime());
  return {
    scope,
    incidence,
    current,
    key,
    clearanceTrend: clearance.filter((c) => c.dimension === '总体').sort((a, b) => a.snapshot_month!.getTime() - b.snapshot_month!.getTime()),
    clearanceNow: overall(scope.month),
    clearancePrev: overall(scope.previousMonth),
    clearanceByCategory: clearance
      .filter((c) => c.dimension === '问题类别' && c.snapshot_month?.getTime() === scope.month.getTime())
      .sort((a, b) => (b.issues_total ?? 0) - (a.issues_total ?? 0)),
    fundsTrend: funds.filter((f) => f.fund_category === '全部').sort((a, b) => a.snapshot_month!.getTime() - b.snapshot_month!.getTime()),
    fundsNow: allFunds(scope.month),
    fundsByCategory: funds.filter((f) => f.fund_category !== '全部' && f.snapshot_month?.getTime() === scope.month.getTime()),
    ranking,
    flags,
    quality,
  };
}

export type DeckData = Awaited<ReturnType<typeof deckData>>;
