import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { monthLabel } from '../core/format.ts';
import { RED_FLAG_TYPES } from '../core/glossary.ts';
import type { Warehouse } from '../core/warehouse.ts';
import { AUDIENCE_LABEL } from '../privacy/gate.ts';
import type { Database } from '../models/generated/database.ts';
import { specFiles } from '../models/runner/data-tests.ts';
import type { Scope } from './scope.ts';

/** Chinese column titles come from the mart YAMLs, so a term is spelled as on the site. */
function labels(table: string): Map<string, string> {
  const spec = specFiles().find((s) => s.table === table)?.spec;
  if (!spec) throw new Error(`没有 ${table} 的模型说明`);
  return new Map(spec.columns.map((c) => [c.name, c.label]));
}

function excelValue(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v as ExcelJS.CellValue;
}

interface SheetSpec {
  name: string;
  table: string;
  columns: string[];
  rows: Record<string, unknown>[];
  formats?: Record<string, string>;
}

function addSheet(wb: ExcelJS.Workbook, s: SheetSpec, banner?: string): void {
  const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: banner ? 2 : 1 }] });
  const names = labels(s.table);
  if (banner) {
    ws.addRow([banner]).font = { bold: true, color: { argb: 'FFC00000' } };
    ws.mergeCells(1, 1, 1, s.columns.length);
  }
  const header = ws.addRow(s.columns.map((c) => names.get(c) ?? c));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  for (const r of s.rows) ws.addRow(s.columns.map((c) => excelValue(r[c])));
  s.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, Math.min(40, (names.get(c) ?? c).length * 2 + 4));
    if (s.formats?.[c]) col.numFmt = s.formats[c]!;
  });
  ws.autoFilter = { from: { row: banner ? 2 : 1, column: 1 }, to: { row: banner ? 2 : 1, column: s.columns.length } };
}

/** Every sheet's printed footer states the audience (the internal ledger says so in its first row too). */
async function save(wb: ExcelJS.Workbook, file: string, month: Date, audience = AUDIENCE_LABEL.internal): Promise<void> {
  for (const ws of wb.worksheets) ws.headerFooter = { oddFooter: `&C受众：${audience}  第 &P 页 / 共 &N 页` };
  wb.description = `受众：${audience}`;
  wb.creator = '挂牌督战数据仓库';
  wb.created = month;
  wb.modified = month;
  await wb.xlsx.writeFile(file);
}

const ISSUE_COLUMNS = ['issue_id', 'town_name', 'village_name', 'source', 'category', 'responsible_unit', 'status', 'found_date', 'deadline', 'closed_date', 'days_open', 'is_overdue', 'has_evidence'];

export async function issueLedgerXlsx(db: Kysely<Database>, scope: Scope, file: string): Promise<number> {
  const rows = await db.selectFrom('marts.mart_issue_ledger').selectAll().where('snapshot_month', '=', scope.month).where('village_code', 'like', `${scope.areaCode}%`).orderBy('is_overdue', 'desc').orderBy('deadline').execute();
  const byCategory = await db
    .selectFrom('marts.mart_issue_clearance')
    .select(['dimension_value', 'issues_total', 'issues_closed', 'clearance_rate', 'issues_open', 'issues_overdue', 'avg_open_age_days'])
    .where('snapshot_month', '=', scope.month)
    .where('area_code', '=', scope.areaCode)
    .where('dimension', '=', '问题类别')
    .orderBy('issues_total', 'desc')
    .execute();
  const wb = new ExcelJS.Workbook();
  addSheet(wb, { name: '问题台账', table: 'marts.mart_issue_ledger', columns: ISSUE_COLUMNS, rows });
  addSheet(wb, { name: '按类别汇总', table: 'marts.mart_issue_clearance', columns: ['dimension_value', 'issues_total', 'issues_closed', 'clearance_rate', 'issues_open', 'issues_overdue', 'avg_open_age_days'], rows: byCategory, formats: { clearance_rate: '0.0%', avg_open_age_days: '0.0' } });
  await save(wb, file, scope.month);
  return rows.length;
}

export async function fundLedgerXlsx(db: Kysely<Database>, scope: Scope, file: string): Promise<number> {
  const rows = await db.selectFrom('marts.mart_fund_disbursement').selectAll().where('snapshot_month', '=', scope.month).where('village_code', 'like', `${scope.areaCode}%`).orderBy('gap_pp_by_month').execute();
  const byCategory = await db.selectFrom('marts.mart_fund_by_area').selectAll().where('snapshot_month', '=', scope.month).where('area_code', '=', scope.areaCode).execute();
  const wb = new ExcelJS.Workbook();
  const pct = { disbursement_rate: '0.0%', schedule_by_month: '0.0%', schedule_by_day: '0.0%', gap_pp_by_month: '0.0', gap_pp_by_day: '0.0', allocated_amount: '#,##0.00', paid_amount: '#,##0.00', allocated_wan: '0.00', paid_wan: '0.00' };
  addSheet(wb, { name: '项目资金', table: 'marts.mart_fund_disbursement', columns: ['project_id', 'project_name', 'fund_category', 'village_code', 'allocated_amount', 'paid_amount', 'disbursement_rate', 'schedule_by_month', 'gap_pp_by_month', 'schedule_by_day', 'gap_pp_by_day', 'last_paid_date'], rows, formats: pct });
  addSheet(wb, { name: '按资金类别', table: 'marts.mart_fund_by_area', columns: ['fund_category', 'projects', 'allocated_wan', 'paid_wan', 'disbursement_rate', 'schedule_by_month', 'gap_pp_by_month', 'projects_behind_schedule'], rows: byCategory, formats: pct });
  await save(wb, file, scope.month);
  return rows.length;
}

export async function redFlagsXlsx(db: Kysely<Database>, scope: Scope, file: string): Promise<number> {
  const rows = await db.selectFrom('marts.mart_red_flags').selectAll().where('snapshot_month', '=', scope.month).where('village_code', 'like', `${scope.areaCode}%`).orderBy('flag_type').orderBy('severity', 'desc').execute();
  const wb = new ExcelJS.Workbook();
  for (const type of RED_FLAG_TYPES) {
    addSheet(wb, { name: type, table: 'marts.mart_red_flags', columns: ['village_name', 'subject', 'detail'], rows: rows.filter((r) => r.flag_type === type) });
  }
  await save(wb, file, scope.month);
  return rows.length;
}

export const INTERNAL_BANNER = '内部资料：本表含问题描述和整改责任人姓名，仅供攻坚办内部督办使用，不得公开发布或外传';

/**
 * The office's own working ledger with the responsible persons: the one export that reads
 * personal data, only when asked for with --internal, and it says so in its name and first row.
 */
export async function internalIssueLedgerXlsx(wh: Warehouse, scope: Scope, file: string): Promise<number> {
  const rows = await wh.all<Record<string, unknown>>(
    `select l.*, r.description, r.responsible_person
     from marts.mart_issue_ledger l
     join raw.issue r on r.issue_id = l.issue_id and r.snapshot_month = l.snapshot_month
     where l.snapshot_month = $1::date and l.village_code like $2
     order by l.is_overdue desc, l.deadline`,
    [scope.monthKey + '-01', `${scope.areaCode}%`],
  );
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('问题台账（内部）');
  ws.addRow([INTERNAL_BANNER]).font = { bold: true, color: { argb: 'FFC00000' } };
  const names = labels('marts.mart_issue_ledger');
  const cols = [...ISSUE_COLUMNS, 'description', 'responsible_person'];
  ws.addRow(cols.map((c) => (c === 'description' ? '问题描述' : c === 'responsible_person' ? '整改责任人' : names.get(c) ?? c))).font = { bold: true };
  for (const r of rows) ws.addRow(cols.map((c) => excelValue(r[c])));
  ws.mergeCells(1, 1, 1, cols.length);
  await save(wb, file, scope.month, '内部（含问题描述和责任人姓名，不得公开）');
  return rows.length;
}

export function ledgerFileNames(scope: Scope) {
  const m = monthLabel(scope.monthKey);
  return {
    issues: `问题整改台账_${scope.areaName}_${m}.xlsx`,
    funds: `资金台账_${scope.areaName}_${m}.xlsx`,
    flags: `红旗清单_${scope.areaName}_${m}.xlsx`,
    internal: `内部_含责任人_问题整改台账_${scope.areaName}_${m}.xlsx`,
  };
}
