import PptxGenJS from 'pptxgenjs';
import { formatInt, formatPercent, monthLabel } from '../core/format.ts';
import { AUDIENCE_LABEL } from '../privacy/gate.ts';
import type { DeckData } from './deck-data.ts';

const FONT = 'Microsoft YaHei';
const RED = 'C0392B';
const GREEN = '1E8449';
const INK = '1F2937';
const GREY = '6B7280';

/** Table rows as pptxgenjs wants them: cells are objects; header cells bold. */
const cells = (row: (string | PptxGenJS.TableCell)[]): PptxGenJS.TableRow => row.map((c) => (typeof c === 'string' ? { text: c } : c));
const header = (...titles: string[]): PptxGenJS.TableRow => titles.map((t) => ({ text: t, options: { bold: true, fill: { color: 'DDEBF7' } } }));

const shortMonth = (d: Date | null | undefined) => (d ? `${d.getUTCMonth() + 1}月` : '');
const pp = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(1)}个百分点`);

/**
 * The monthly deck as PowerPoint with native (editable) charts and tables, one message per
 * slide, Chinese fonts. Numbers come from the marts via DeckData.
 */
export async function buildDeckPptx(d: DeckData, file: string, audience = AUDIENCE_LABEL.internal): Promise<{ slides: number }> {
  const pptx = new PptxGenJS();
  // Every slide's footer states the audience.
  pptx.defineSlideMaster({ title: 'AUDIENCE', objects: [{ text: { text: `受众：${audience}`, options: { x: 0.5, y: 7.1, w: 12.3, h: 0.3, fontFace: FONT, fontSize: 9, color: GREY, align: 'right' } } }] });
  const addSlide = () => pptx.addSlide({ masterName: 'AUDIENCE' });
  pptx.layout = 'LAYOUT_WIDE'; // 13.33 × 7.5 in
  pptx.title = `${d.scope.areaName}挂牌督战月度进展 ${monthLabel(d.scope.monthKey)}`;
  pptx.company = d.scope.areaName;
  pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
  const title = (s: PptxGenJS.Slide, text: string, message: string) => {
    s.addText(text, { x: 0.5, y: 0.3, w: 12.3, h: 0.6, fontFace: FONT, fontSize: 26, bold: true, color: INK });
    s.addText(message, { x: 0.5, y: 0.95, w: 12.3, h: 0.5, fontFace: FONT, fontSize: 16, color: GREY });
  };
  const big = (s: PptxGenJS.Slide, x: number, label: string, value: string, note: string, good?: boolean) => {
    s.addText(value, { x, y: 2.0, w: 3.0, h: 1.2, fontFace: FONT, fontSize: 40, bold: true, color: good === undefined ? INK : good ? GREEN : RED, align: 'center' });
    s.addText(label, { x, y: 3.2, w: 3.0, h: 0.5, fontFace: FONT, fontSize: 16, color: INK, align: 'center' });
    s.addText(note, { x, y: 3.7, w: 3.0, h: 0.8, fontFace: FONT, fontSize: 12, color: GREY, align: 'center' });
  };
  const month = monthLabel(d.scope.monthKey);
  const c = d.current;

  // 1. Cover
  const cover = addSlide();
  cover.addText(`${d.scope.areaName}脱贫攻坚挂牌督战工作进展`, { x: 0.5, y: 2.3, w: 12.3, h: 1.0, fontFace: FONT, fontSize: 36, bold: true, color: INK, align: 'center' });
  cover.addText(`${month}调度会`, { x: 0.5, y: 3.4, w: 12.3, h: 0.7, fontFace: FONT, fontSize: 22, color: GREY, align: 'center' });
  cover.addText('数据来源：挂牌督战数据仓库（农户、行政村、问题台账、资金台账月度快照）', { x: 0.5, y: 6.5, w: 12.3, h: 0.4, fontFace: FONT, fontSize: 11, color: GREY, align: 'center' });

  // 2. Headline numbers
  const kpi = addSlide();
  const incidenceText = c?.poverty_incidence == null ? '—' : formatPercent(c.poverty_incidence, 2);
  title(kpi, `${month}核心指标`, `贫困发生率${incidenceText}，环比${pp(c?.incidence_change_pp)}；未脱贫${formatInt(c?.remaining_poor_households ?? 0)}户${formatInt(c?.remaining_poor_people ?? 0)}人`);
  big(kpi, 0.4, '贫困发生率', incidenceText, `环比${pp(c?.incidence_change_pp)}`, (c?.incidence_change_pp ?? 0) <= 0);
  big(kpi, 3.5, '三类重点户', `${formatInt(d.key?.key_households ?? 0)}户`, `${formatInt(d.key?.key_people ?? 0)}人`);
  const cl = d.clearanceNow;
  big(kpi, 6.6, '整改销号率', cl?.clearance_rate == null ? '—' : formatPercent(cl.clearance_rate), `问题${formatInt(cl?.issues_total ?? 0)}个，逾期${formatInt(cl?.issues_overdue ?? 0)}个`, (cl?.issues_overdue ?? 0) === 0);
  const f = d.fundsNow;
  big(kpi, 9.7, '资金支出率', f?.disbursement_rate == null ? '—' : formatPercent(f.disbursement_rate), `序时进度${f?.schedule_by_month == null ? '—' : formatPercent(f.schedule_by_month)}，${pp(f?.gap_pp_by_month)}`, (f?.gap_pp_by_month ?? 0) >= 0);

  // 3. Incidence trend
  const trend = addSlide();
  const first = d.incidence[0];
  title(trend, '贫困发生率持续下降', `由${first?.poverty_incidence == null ? '—' : formatPercent(first.poverty_incidence, 1)}（${shortMonth(first?.snapshot_month)}）降至${incidenceText}（${shortMonth(c?.snapshot_month)}）`);
  trend.addChart(pptx.ChartType.line, [{ name: '贫困发生率（%）', labels: d.incidence.map((r) => shortMonth(r.snapshot_month)), values: d.incidence.map((r) => Number(((r.poverty_incidence ?? 0) * 100).toFixed(2))) }], {
    x: 0.5, y: 1.6, w: 7.5, h: 5.2, showLegend: false, lineDataSymbol: 'circle', chartColors: [RED], catAxisLabelFontFace: FONT, valAxisLabelFontFace: FONT, showValue: true, dataLabelFontSize: 10, dataLabelFormatCode: '0.00',
  });
  trend.addChart(pptx.ChartType.bar, [{ name: '未脱贫人口', labels: d.incidence.map((r) => shortMonth(r.snapshot_month)), values: d.incidence.map((r) => r.remaining_poor_people ?? 0) }], {
    x: 8.2, y: 1.6, w: 4.7, h: 5.2, barDir: 'col', showLegend: false, chartColors: ['7F8C8D'], catAxisLabelFontFace: FONT, showTitle: true, title: '未脱贫人口（人）', titleFontFace: FONT, titleFontSize: 12,
  });

  // 4. 三类重点户
  const keySlide = addSlide();
  const k = d.key;
  title(keySlide, '三类重点户', `未脱贫${k?.unlifted_households ?? 0}户${k?.unlifted_people ?? 0}人，脱贫监测户${k?.monitored_households ?? 0}户${k?.monitored_people ?? 0}人，边缘户${k?.edge_households ?? 0}户${k?.edge_people ?? 0}人`);
  keySlide.addChart(pptx.ChartType.bar, [
    { name: '户数', labels: ['未脱贫户', '脱贫监测户', '边缘户'], values: [k?.unlifted_households ?? 0, k?.monitored_households ?? 0, k?.edge_households ?? 0] },
    { name: '人数', labels: ['未脱贫户', '脱贫监测户', '边缘户'], values: [k?.unlifted_people ?? 0, k?.monitored_people ?? 0, k?.edge_people ?? 0] },
  ], { x: 0.5, y: 1.6, w: 7.5, h: 5.2, barDir: 'col', barGrouping: 'clustered', showValue: true, showLegend: true, legendPos: 'b', legendFontFace: FONT, catAxisLabelFontFace: FONT, chartColors: ['2E86C1', 'F39C12'] });
  keySlide.addTable(
    [
      header('类别', '户数', '人数'),
      cells(['未脱贫户', String(k?.unlifted_households ?? 0), String(k?.unlifted_people ?? 0)]),
      cells(['脱贫监测户', String(k?.monitored_households ?? 0), String(k?.monitored_people ?? 0)]),
      cells(['边缘户', String(k?.edge_households ?? 0), String(k?.edge_people ?? 0)]),
      cells([{ text: '合计', options: { bold: true } }, String(k?.key_households ?? 0), String(k?.key_people ?? 0)]),
    ],
    { x: 8.4, y: 2.0, w: 4.4, fontFace: FONT, fontSize: 14, border: { type: 'solid', color: 'BFBFBF', pt: 0.75 }, align: 'center' },
  );

  // 5. Issues
  const issues = addSlide();
  title(issues, '问题整改', `问题${formatInt(cl?.issues_total ?? 0)}个，已销号${formatInt(cl?.issues_closed ?? 0)}个，销号率${cl?.clearance_rate == null ? '—' : formatPercent(cl.clearance_rate)}，逾期未销号${formatInt(cl?.issues_overdue ?? 0)}个`);
  issues.addChart(pptx.ChartType.line, [{ name: '整改销号率（%）', labels: d.clearanceTrend.map((r) => shortMonth(r.snapshot_month)), values: d.clearanceTrend.map((r) => Number(((r.clearance_rate ?? 0) * 100).toFixed(1))) }], {
    x: 0.5, y: 1.6, w: 6.0, h: 5.2, showLegend: false, chartColors: [GREEN], catAxisLabelFontFace: FONT, showTitle: true, title: '整改销号率（%）', titleFontFace: FONT, titleFontSize: 12, valAxisMaxVal: 100, valAxisMinVal: 0,
  });
  const cats = d.clearanceByCategory.slice(0, 8);
  issues.addChart(pptx.ChartType.bar, [
    { name: '已销号', labels: cats.map((r) => r.dimension_value ?? ''), values: cats.map((r) => r.issues_closed ?? 0) },
    { name: '未销号', labels: cats.map((r) => r.dimension_value ?? ''), values: cats.map((r) => r.issues_open ?? 0) },
  ], { x: 6.8, y: 1.6, w: 6.1, h: 5.2, barDir: 'bar', barGrouping: 'stacked', showLegend: true, legendPos: 'b', legendFontFace: FONT, catAxisLabelFontFace: FONT, chartColors: [GREEN, RED], showTitle: true, title: '按问题类别', titleFontFace: FONT, titleFontSize: 12 });

  // 6. Funds
  const funds = addSlide();
  title(funds, '资金支出与序时进度', `已下达${(f?.allocated_wan ?? 0).toFixed(2)}万元，已支出${(f?.paid_wan ?? 0).toFixed(2)}万元，支出率${f?.disbursement_rate == null ? '—' : formatPercent(f.disbursement_rate)}，较序时进度${pp(f?.gap_pp_by_month)}`);
  funds.addChart(pptx.ChartType.line, [
    { name: '支出率（%）', labels: d.fundsTrend.map((r) => shortMonth(r.snapshot_month)), values: d.fundsTrend.map((r) => Number(((r.disbursement_rate ?? 0) * 100).toFixed(1))) },
    { name: '序时进度（%）', labels: d.fundsTrend.map((r) => shortMonth(r.snapshot_month)), values: d.fundsTrend.map((r) => Number(((r.schedule_by_month ?? 0) * 100).toFixed(1))) },
  ], { x: 0.5, y: 1.6, w: 6.0, h: 5.2, showLegend: true, legendPos: 'b', legendFontFace: FONT, catAxisLabelFontFace: FONT, chartColors: ['2E86C1', '95A5A6'] });
  funds.addTable(
    [
      header('资金类别', '已下达（万元）', '已支出（万元）', '支出率', '较序时进度'),
      ...d.fundsByCategory.map((r) => cells([r.fund_category ?? '', (r.allocated_wan ?? 0).toFixed(2), (r.paid_wan ?? 0).toFixed(2), r.disbursement_rate == null ? '—' : formatPercent(r.disbursement_rate), pp(r.gap_pp_by_month)])),
    ],
    { x: 6.8, y: 1.8, w: 6.1, fontFace: FONT, fontSize: 11, border: { type: 'solid', color: 'BFBFBF', pt: 0.75 } },
  );

  // 7. Ranking
  const rank = addSlide();
  title(rank, '村级综合落后指数排名', `排名靠前的村最需督战：${d.ranking.slice(0, 3).map((r) => r.village_name).join('、')}`);
  rank.addTable(
    [
      header('排名', '行政村', '综合落后指数', '未脱贫人口', '贫困发生率', '名次变化'),
      ...d.ranking.map((r) => cells([String(r.rank), r.village_name ?? '', (r.lag_index ?? 0).toFixed(3), String(r.remaining_poor_people ?? 0), formatPercent(r.poverty_incidence ?? 0, 2), r.rank_change == null ? '—' : r.rank_change > 0 ? `↑${r.rank_change}` : r.rank_change < 0 ? `↓${-r.rank_change}` : '—'])),
    ],
    { x: 0.5, y: 1.6, w: 12.3, fontFace: FONT, fontSize: 13, border: { type: 'solid', color: 'BFBFBF', pt: 0.75 } },
  );

  // 8. Red flags
  const flags = addSlide();
  const count = (t: string) => d.flags.filter((x) => x.flag_type === t).length;
  title(flags, '红旗清单', `落后村${count('落后村')}个，逾期问题${count('逾期问题')}个，资金落后项目${count('资金落后')}个`);
  flags.addTable(
    [
      header('类别', '行政村', '对象', '情况'),
      ...d.flags.slice(0, 12).map((r) => cells([r.flag_type ?? '', r.village_name ?? '', r.subject ?? '', r.detail ?? ''])),
    ],
    { x: 0.5, y: 1.6, w: 12.3, colW: [1.4, 1.6, 3.3, 6.0], fontFace: FONT, fontSize: 11, border: { type: 'solid', color: 'BFBFBF', pt: 0.75 } },
  );
  if (d.flags.length > 12) flags.addText(`另有${d.flags.length - 12}条，见红旗清单Excel`, { x: 0.5, y: 7.0, w: 12.3, h: 0.3, fontFace: FONT, fontSize: 11, color: GREY });

  // 9. Data quality
  const q = d.quality;
  const dq = addSlide();
  title(dq, '数据质量', `${formatInt(q.villages_reported ?? 0)}/${formatInt(q.villages ?? 0)}个村报送村表；农户表拒收${formatInt(q.household_rows_rejected ?? 0)}行（重户${formatInt(q.duplicate_household_rows ?? 0)}行），漏户${formatInt(q.missing_households ?? 0)}户`);
  dq.addTable(
    [
      header('检查项', '结果'),
      cells(['报送村表的村', `${q.villages_reported ?? 0} / ${q.villages ?? 0}`]),
      cells(['农户表拒收行数', String(q.household_rows_rejected ?? 0)]),
      cells(['其中重户行数', String(q.duplicate_household_rows ?? 0)]),
      cells(['漏户数', String(q.missing_households ?? 0)]),
      cells(['村表与农户汇总不符的村', String(q.village_total_mismatches ?? 0)]),
    ],
    { x: 3.0, y: 1.8, w: 7.3, fontFace: FONT, fontSize: 14, border: { type: 'solid', color: 'BFBFBF', pt: 0.75 } },
  );

  await pptx.writeFile({ fileName: file });
  return { slides: 9 };
}
