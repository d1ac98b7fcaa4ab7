import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { monthLabel } from '../core/format.ts';
import { RED_FLAG_TYPES } from '../core/glossary.ts';
import type { Database } from '../models/generated/database.ts';
import { AUDIENCE_LABEL } from '../privacy/gate.ts';

/**
 * 督战进展情况月报表: seed 003 has each county report its 督战 progress to the city every month end
 * (县市区每月底将本区域内督战进展情况上报市扶贫办). A fixed, printable table as such reports go up:
 * title, 填报单位, the date, units, one row per town and the county's total (合计), the headline
 * KPIs, 督导覆盖率, measure coverage and the red-flag counts. Every figure is read from mart_kpi and
 * mart_red_flags; the total row is the county's own row of mart_kpi, never a sum made here.
 */

export interface MonthlyReportArea {
  code: string;
  name: string;
  month: Date;
  monthKey: string;
}

type KpiRow = Awaited<ReturnType<typeof kpiRows>>[number];

interface ReportColumn {
  group: string;
  title: string;
  /** Column width in characters. */
  width: number;
  numFmt: string;
  value: (k: KpiRow, flags: Map<string, number>) => number | null;
}

const PCT = '0.0%';
const INT = '#,##0';
const WAN = '#,##0.00';

/** The fixed layout: grouped headers, each column with its unit in the title. */
export const REPORT_COLUMNS: readonly ReportColumn[] = [
  { group: '督导', title: '挂牌督战村（个）', width: 9, numFmt: INT, value: (k) => k.listed_villages },
  { group: '督导', title: '已督导（个）', width: 8, numFmt: INT, value: (k) => k.visited_listed_villages },
  { group: '督导', title: '督导覆盖率（%）', width: 9, numFmt: PCT, value: (k) => k.supervision_coverage_rate },
  { group: '脱贫进度', title: '未脱贫户（户）', width: 8, numFmt: INT, value: (k) => k.remaining_poor_households },
  { group: '脱贫进度', title: '未脱贫人口（人）', width: 9, numFmt: INT, value: (k) => k.remaining_poor_people },
  { group: '脱贫进度', title: '贫困发生率（%）', width: 9, numFmt: '0.00%', value: (k) => k.poverty_incidence },
  { group: '三类重点户', title: '重点户（户）', width: 8, numFmt: INT, value: (k) => k.key_households },
  { group: '三类重点户', title: '无帮扶措施（户）', width: 9, numFmt: INT, value: (k) => k.key_households_without_measure },
  { group: '三类重点户', title: '措施覆盖率（%）', width: 9, numFmt: PCT, value: (k) => k.measure_coverage_rate },
  { group: '三类重点户', title: '风险消除不合规（户）', width: 10, numFmt: INT, value: (k) => k.noncompliant_eliminated_households },
  { group: '问题整改', title: '问题总数（个）', width: 8, numFmt: INT, value: (k) => k.issues_total },
  { group: '问题整改', title: '已销号（个）', width: 8, numFmt: INT, value: (k) => k.issues_closed },
  { group: '问题整改', title: '整改销号率（%）', width: 9, numFmt: PCT, value: (k) => k.clearance_rate },
  { group: '问题整改', title: '逾期未销号（个）', width: 9, numFmt: INT, value: (k) => k.issues_overdue },
  { group: '资金', title: '已下达（万元）', width: 10, numFmt: WAN, value: (k) => k.allocated_wan },
  { group: '资金', title: '已支出（万元）', width: 10, numFmt: WAN, value: (k) => k.paid_wan },
  { group: '资金', title: '支出率（%）', width: 8, numFmt: PCT, value: (k) => k.disbursement_rate },
  { group: '资金', title: '序时进度（%）', width: 8, numFmt: PCT, value: (k) => k.schedule_by_month },
  ...RED_FLAG_TYPES.map((t) => ({ group: '红旗清单（条）', title: t, width: 7, numFmt: INT, value: (_: KpiRow, f: Map<string, number>) => f.get(t) ?? 0 })),
  { group: '红旗清单（条）', title: '合计', width: 6, numFmt: INT, value: (_, f) => [...f.values()].reduce((a, b) => a + b, 0) },
];

async function kpiRows(db: Kysely<Database>, area: MonthlyReportArea) {
  return db
    .selectFrom('marts.mart_kpi')
    .selectAll()
    .where('snapshot_month', '=', area.month)
    .where((eb) => eb.or([eb('area_code', '=', area.code), eb.and([eb('parent_code', '=', area.code), eb('area_level', '<>', 'village')])]))
    .orderBy('area_code')
    .execute();
}

/** Red flags per area (the area's code prefixes the flag's village) and type, for the month. */
async function flagCounts(db: Kysely<Database>, area: MonthlyReportArea, codes: string[]): Promise<Map<string, Map<string, number>>> {
  const flags = await db
    .selectFrom('marts.mart_red_flags')
    .select(['village_code', 'flag_type'])
    .where('snapshot_month', '=', area.month)
    .where('village_code', 'like', `${area.code}%`)
    .execute();
  const out = new Map(codes.map((c) => [c, new Map<string, number>()]));
  for (const f of flags) {
    for (const code of codes) {
      if (!f.village_code?.startsWith(code)) continue;
      const m = out.get(code)!;
      m.set(f.flag_type!, (m.get(f.flag_type!) ?? 0) + 1);
    }
  }
  return out;
}

/** The county a report goes up from: the area itself when it is a county, else the county it lies in. */
export function reportingCounty(code: string): string {
  return code.length >= 6 ? code.slice(0, 6) : code;
}

export function monthlyReportFileName(area: MonthlyReportArea): string {
  return `督战进展情况月报表_${area.name}_${monthLabel(area.monthKey)}.xlsx`;
}

/** Writes the 月报表 and returns the rows it holds (towns, and the total). */
export async function monthlyReportXlsx(db: Kysely<Database>, area: MonthlyReportArea, file: string): Promise<{ towns: number; total: KpiRow }> {
  const rows = await kpiRows(db, area);
  const total = rows.find((r) => r.area_code === area.code);
  if (!total) throw new Error(`mart_kpi 中没有 ${area.name}（${area.code}）${monthLabel(area.monthKey)}的数据`);
  const parts = rows.filter((r) => r.area_code !== area.code);
  const flags = await flagCounts(db, area, rows.map((r) => r.area_code!));
  const partLabel = parts[0]?.area_level_label ?? '乡镇';
  const monthEnd = new Date(Date.UTC(area.month.getUTCFullYear(), area.month.getUTCMonth() + 1, 0));
  const dateText = `${monthEnd.getUTCFullYear()}年${monthEnd.getUTCMonth() + 1}月${monthEnd.getUTCDate()}日`;

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('督战进展情况月报表', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    views: [{ state: 'frozen', xSplit: 2, ySplit: 5 }],
  });
  const width = 2 + REPORT_COLUMNS.length;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const center = { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true };

  ws.addRow([`${area.name}脱贫攻坚挂牌督战进展情况月报表`]);
  ws.mergeCells(1, 1, 1, width);
  Object.assign(ws.getCell(1, 1), { font: { name: '宋体', size: 18, bold: true }, alignment: center });
  ws.getRow(1).height = 32;

  ws.addRow([`填报单位：${area.name}扶贫开发工作领导小组办公室（盖章）`]);
  ws.getCell(2, width - 5).value = `数据截至：${dateText}`;
  ws.mergeCells(2, 1, 2, width - 6);
  ws.mergeCells(2, width - 5, 2, width);
  ws.getRow(2).font = { name: '宋体', size: 11 };
  ws.getCell(2, width - 5).alignment = { horizontal: 'right' };

  ws.addRow([`单位：户、人、个、万元；比率为%。报送：${area.name}扶贫开发工作领导小组 → 市扶贫办（每月底）`]);
  ws.mergeCells(3, 1, 3, width);
  ws.getRow(3).font = { name: '宋体', size: 10 };

  // Two header rows: the group, then the column with its unit.
  const groupRow = ws.addRow(['序号', partLabel, ...REPORT_COLUMNS.map((c) => c.group)]);
  const titleRow = ws.addRow(['', '', ...REPORT_COLUMNS.map((c) => c.title)]);
  ws.mergeCells(4, 1, 5, 1);
  ws.mergeCells(4, 2, 5, 2);
  let start = 0;
  REPORT_COLUMNS.forEach((c, i) => {
    const next = REPORT_COLUMNS[i + 1];
    if (next?.group === c.group) return;
    if (i > start) ws.mergeCells(4, 3 + start, 4, 3 + i);
    start = i + 1;
  });
  for (const r of [groupRow, titleRow]) {
    r.height = r === titleRow ? 42 : 20;
    r.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { name: '宋体', size: 10, bold: true };
      cell.alignment = center;
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    });
  }

  const addDataRow = (no: string, name: string, k: KpiRow, bold = false) => {
    const f = flags.get(k.area_code!) ?? new Map<string, number>();
    const row = ws.addRow([no, name, ...REPORT_COLUMNS.map((c) => c.value(k, f))]);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = border;
      cell.font = { name: '宋体', size: 10, bold };
      cell.alignment = col <= 2 ? { horizontal: col === 1 ? 'center' : 'left', vertical: 'middle' } : { horizontal: 'right', vertical: 'middle' };
      if (col > 2) cell.numFmt = REPORT_COLUMNS[col - 3]!.numFmt;
    });
  };
  parts.forEach((k, i) => addDataRow(String(i + 1), k.area_name ?? k.area_code!, k));
  addDataRow('', '合计', total, true);

  const notes = [
    '说明：1. 督导覆盖率＝当月至少督导一次的挂牌督战村÷挂牌督战村（市级、县级督战队伍每月对督战对象开展不少于一次的督导）；到非挂牌村的督导不计入。',
    '2. 三类重点户＝未脱贫户＋脱贫监测户＋边缘户；措施覆盖率＝本年度有已落实帮扶措施的重点户÷重点户；风险消除不合规＝标注风险消除但无帮扶措施、近6个月人均纯收入曾低于监测线或整户无劳动力且无兜底的户。',
    '3. 贫困发生率＝未脱贫人口÷农业户籍人口；整改销号率＝已销号÷问题总数；支出率＝已支出÷已下达，序时进度＝已过月数÷12。合计行为全县数据，不是各行相加（比率不可相加）。空白表示当月未报送相应台账。',
    '填报人：                    审核人：                    联系电话：                    报送日期：      年    月    日',
  ];
  for (const n of notes) {
    const r = ws.addRow([n]);
    ws.mergeCells(r.number, 1, r.number, width);
    r.font = { name: '宋体', size: 9 };
    r.alignment = { wrapText: true, vertical: 'top' };
    r.height = n.startsWith('填报人') ? 24 : 30;
  }

  ws.getColumn(1).width = 5;
  ws.getColumn(2).width = 14;
  REPORT_COLUMNS.forEach((c, i) => (ws.getColumn(3 + i).width = c.width));
  ws.pageSetup.printTitlesRow = '4:5';
  ws.headerFooter = { oddFooter: `&C受众：${AUDIENCE_LABEL.internal}（上报市扶贫办，不含个人信息）  第 &P 页 / 共 &N 页` };
  wb.creator = '挂牌督战数据仓库';
  wb.description = `受众：${AUDIENCE_LABEL.internal}`;
  wb.created = area.month;
  wb.modified = area.month;
  await wb.xlsx.writeFile(file);
  return { towns: parts.length, total };
}
