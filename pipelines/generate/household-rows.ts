import { householdContract } from '../contracts/household.ts';
import type { Calendar } from './calendar.ts';
import { plain, RowShape, yesNo } from './cells.ts';
import { guaranteeOk, householdType, type HouseholdPlan, incomeAt, monitoredIn, riskOpen } from './households.ts';

/** One month's 农户信息 snapshot: every household as its plan stands at the month's end. */

export const householdShape = new RowShape(householdContract);

export function householdRow(h: HouseholdPlan, m: number, calendar: Calendar, line: number): string[] {
  const month = calendar.months[m]!;
  const income = incomeAt(h, m, line);
  const mo = h.monitoring;
  const shown = monitoredIn(h, m) && mo !== null;
  const open = riskOpen(h, m);
  const relapsed = shown && mo.relapse <= m;
  const eliminatedShown = shown && !open;
  const housingOk = guaranteeOk(h.gaps.housing, m);
  const credit = h.credit;
  return householdShape.row({
    household_id: h.id,
    village_code: h.village.code,
    head_name: h.headName,
    id_number: h.idNumber,
    phone: h.phone,
    family_size: String(h.size),
    labor_count: String(h.labor),
    household_type: householdType(h, m),
    monitor_type: shown ? mo.type : '',
    risk_eliminated: shown ? yesNo(!open) : '',
    identified_date: shown ? (relapsed ? calendar.date(mo.relapse, mo.relapseDay) : calendar.date(mo.identified, mo.identifiedDay)) : '',
    eliminated_date: eliminatedShown ? calendar.date(mo.eliminated, mo.eliminatedDay) : '',
    poverty_cause: h.cause,
    wage_income: plain(income.wage),
    business_income: plain(income.business),
    transfer_income: plain(income.transfer),
    property_income: plain(income.property),
    business_cost: plain(income.cost),
    net_income_per_capita: plain(income.perCapita),
    food_clothing_ok: yesNo(true),
    education_ok: yesNo(guaranteeOk(h.gaps.education, m)),
    medical_ok: yesNo(guaranteeOk(h.gaps.medical, m)),
    housing_grade: housingOk ? h.gradeAfter : h.gradeBefore,
    housing_ok: yesNo(housingOk),
    water_ok: yesNo(guaranteeOk(h.gaps.water, m)),
    dibao: yesNo(h.dibao),
    tekun: yesNo(h.tekun),
    relocated: yesNo(h.relocated),
    welfare_job: yesNo(h.welfareJob),
    microcredit_amount: credit ? plain(credit.amount) : '',
    microcredit_due_date: credit ? credit.due : '',
    microcredit_overdue: credit ? yesNo(credit.overdueFrom !== null && credit.overdueFrom <= month.endDate) : '',
    helper_name: h.helperName,
    helper_phone: h.helperPhone,
    data_month: month.month,
  });
}
