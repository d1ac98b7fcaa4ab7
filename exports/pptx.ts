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
const monthDay = (d: Date) => `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
const pp = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(1)}个百分点`);

/**
 * The monthly deck as PowerPoint with native (editable) charts and tables, one message per
 * slide, Chinese fonts. The slides, their titles and messages are mart_deck_slides' list (the
 * site deck draws the same list); each title is computed from the data there, never written here.
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
  const heading = (s: PptxGenJS.Slide, text: string, message: string) => {
    s.addText(text, { x: 0.5, y: 0.3, w: 12.3, h: 0.6, fontFace: FONT, fontSize: 26, bold: true, color: INK });
    s.addText(message, { x: 0.5, y: 0.95, w: 12.3, h: 0.5, fontFace: FONT, fontSize: 16, color: GREY });
  };
  const big = (s: PptxGenJS.Slide, x: number, label: string, value: string, note: string, good?: boolean) => {
    s.addText(value, { x, y: 1.7, w: 3.0, h: 1.0, fontFace: FONT, fontSize: 36, bold: true, color: good === undefined ? INK : good ? GREEN : RED, align: 'center' });
    s.addText(label, { x, y: 2.7, w: 3.0, h: 0.4, fontFace: FONT, fontSize: 16, color: INK, align: 'center' });
    s.addText(note, { x, y: 3.1, w: 3.0, h: 0.5, fontFace: FONT, fontSize: 12, color: GREY, align: 'center' });
  };
  const table = { fontFace: FONT, border: { type: 'solid' as const, color: 'BFBFBF', pt: 0.75 } };
  const c = d.current;
  const months = d.kpi.map((r) => shortMonth(r.snapshot_month));
  const percentOrDash = (x: number | null | undefined, digits = 1) => (x == null ? '—' : formatPercent(x, digits));

  const draw: Record<string, (s: PptxGenJS.Slide, title: string, message: string) => void> = {
    cover: (s, title, message) => {
      s.addText(title, { x: 0.5, y: 2.3, w: 12.3, h: 1.0, fontFace: FONT, fontSize: 36, bold: true, color: INK, align: 'center' });
      s.addText(`${message}（${monthLabel(d.scope.monthKey)}调度会）`, { x: 0.5, y: 3.4, w: 12.3, h: 0.7, fontFace: FONT, fontSize: 22, color: GREY, align: 'center' });
      s.addText('数据来源：挂牌督战数据仓库（农户、行政村、问题台账、资金台账月度快照）', { x: 0.5, y: 6.5, w: 12.3, h: 0.4, fontFace: FONT, fontSize: 11, color: GREY, align: 'center' });
    },
    poverty: (s, title, message) => {
      heading(s, title, message);
      big(s, 0.4, '贫困发生率', percentOrDash(c?.poverty_incidence, 2), `较上月${pp(c?.incidence_change_pp)}`, (c?.incidence_change_pp ?? 0) <= 0);
      big(s, 3.5, '未脱贫人口', `${formatInt(c?.remaining_poor_people ?? 0)}人`, `未脱贫${formatInt(c?.remaining_poor_households ?? 0)}户${formatInt(c?.remaining_poor_people ?? 0)}人`);
      s.addChart(pptx.ChartType.line, [{ name: '贫困发生率（%）', labels: months, values: d.kpi.map((r) => Number(((r.poverty_incidence ?? 0) * 100).toFixed(2))) }], {
        x: 0.5, y: 3.7, w: 6.2, h: 3.5, showLegend: false, lineDataSymbol: 'circle', chartColors: [RED], catAxisLabelFontFace: FONT, valAxisLabelFontFace: FONT, showValue: true, dataLabelFontSize: 9, dataLabelFormatCode: '0.00', showTitle: true, title: '贫困发生率（%）', titleFontFace: FONT, titleFontSize: 12,
      });
      s.addChart(pptx.ChartType.bar, [{ name: '未脱贫人口', labels: months, values: d.kpi.map((r) => r.remaining_poor_people ?? 0) }], {
        x: 6.9, y: 1.6, w: 6.0, h: 5.6, barDir: 'col', showLegend: false, chartColors: ['7F8C8D'], catAxisLabelFontFace: FONT, showTitle: true, title: '未脱贫人口（人）', titleFontFace: FONT, titleFontSize: 12,
      });
    },
    key_households: (s, title, message) => {
      heading(s, title, message);
      s.addChart(pptx.ChartType.bar, [
        { name: '户数', labels: ['未脱贫户', '脱贫监测户', '边缘户'], values: [c?.unlifted_households ?? 0, c?.monitored_households ?? 0, c?.edge_households ?? 0] },
        { name: '人数', labels: ['未脱贫户', '脱贫监测户', '边缘户'], values: [c?.unlifted_people ?? 0, c?.monitored_people ?? 0, c?.edge_people ?? 0] },
      ], { x: 0.5, y: 1.6, w: 7.5, h: 5.2, barDir: 'col', barGrouping: 'clustered', showValue: true, showLegend: true, legendPos: 'b', legendFontFace: FONT, catAxisLabelFontFace: FONT, chartColors: ['2E86C1', 'F39C12'] });
      s.addTable(
        [
          header('类别', '户数', '人数'),
          cells(['未脱贫户', String(c?.unlifted_households ?? 0), String(c?.unlifted_people ?? 0)]),
          cells(['脱贫监测户', String(c?.monitored_households ?? 0), String(c?.monitored_people ?? 0)]),
          cells(['边缘户', String(c?.edge_households ?? 0), String(c?.edge_people ?? 0)]),
          cells([{ text: '合计', options: { bold: true } }, String(c?.key_households ?? 0), String(c?.key_people ?? 0)]),
        ],
        { ...table, x: 8.4, y: 2.0, w: 4.4, fontSize: 14, align: 'center' },
      );
    },
    issues: (s, title, message) => {
      heading(s, title, message);
      s.addChart(pptx.ChartType.line, [{ name: '整改销号率（%）', labels: months, values: d.kpi.map((r) => Number(((r.clearance_rate ?? 0) * 100).toFixed(1))) }], {
        x: 0.5, y: 1.6, w: 6.0, h: 5.2, showLegend: false, chartColors: [GREEN], catAxisLabelFontFace: FONT, showTitle: true, title: '整改销号率（%）', titleFontFace: FONT, titleFontSize: 12, valAxisMaxVal: 100, valAxisMinVal: 0,
      });
      const cats = d.clearanceByCategory.slice(0, 8);
      s.addChart(pptx.ChartType.bar, [
        { name: '已销号', labels: cats.map((r) => r.dimension_value ?? ''), values: cats.map((r) => r.issues_closed ?? 0) },
        { name: '未销号', labels: cats.map((r) => r.dimension_value ?? ''), values: cats.map((r) => r.issues_open ?? 0) },
      ], { x: 6.8, y: 1.6, w: 6.1, h: 5.2, barDir: 'bar', barGrouping: 'stacked', showLegend: true, legendPos: 'b', legendFontFace: FONT, catAxisLabelFontFace: FONT, chartColors: [GREEN, RED], showTitle: true, title: '按问题类别', titleFontFace: FONT, titleFontSize: 12 });
    },
    funds: (s, title, message) => {
      heading(s, title, message);
      s.addChart(pptx.ChartType.line, [
        { name: '支出率（%）', labels: months, values: d.kpi.map((r) => Number(((r.disbursement_rate ?? 0) * 100).toFixed(1))) },
        { name: '序时进度（%）', labels: months, values: d.kpi.map((r) => Number(((r.schedule_by_month ?? 0) * 100).toFixed(1))) },
      ], { x: 0.5, y: 1.6, w: 6.0, h: 5.2, showLegend: true, legendPos: 'b', legendFontFace: FONT, catAxisLabelFontFace: FONT, chartColors: ['2E86C1', '95A5A6'] });
      s.addTable(
        [
          header('资金类别', '已下达（万元）', '已支出（万元）', '支出率', '较序时进度'),
          ...d.fundsByCategory.map((r) => cells([r.fund_category ?? '', (r.allocated_wan ?? 0).toFixed(2), (r.paid_wan ?? 0).toFixed(2), percentOrDash(r.disbursement_rate), pp(r.gap_pp_by_month)])),
        ],
        { ...table, x: 6.8, y: 1.8, w: 6.1, fontSize: 11 },
      );
    },
    map: (s, title, message) => {
      // PowerPoint has no map chart that works offline: the villages' two numbers as bars instead.
      heading(s, title, message.replace('（颜色越深数值越高）', '（按贫困发生率从高到低）'));
      const top = d.villages.slice(0, 15);
      s.addChart(pptx.ChartType.bar, [{ name: '贫困发生率（%）', labels: top.map((r) => r.area_name ?? ''), values: top.map((r) => Number(((r.poverty_incidence ?? 0) * 100).toFixed(2))) }], {
        x: 0.5, y: 1.6, w: 6.0, h: 5.4, barDir: 'bar', showLegend: false, chartColors: [RED], catAxisLabelFontFace: FONT, showValue: true, dataLabelFormatCode: '0.00', showTitle: true, title: '贫困发生率（%）', titleFontFace: FONT, titleFontSize: 12,
      });
      s.addChart(pptx.ChartType.bar, [{ name: '资金支出率（%）', labels: top.map((r) => r.area_name ?? ''), values: top.map((r) => Number(((r.disbursement_rate ?? 0) * 100).toFixed(1))) }], {
        x: 6.8, y: 1.6, w: 6.1, h: 5.4, barDir: 'bar', showLegend: false, chartColors: ['2E86C1'], catAxisLabelFontFace: FONT, showValue: true, dataLabelFormatCode: '0.0', showTitle: true, title: '资金支出率（%）', titleFontFace: FONT, titleFontSize: 12,
      });
    },
    ranking: (s, title, message) => {
      heading(s, title, message);
      s.addTable(
        [
          header('排名', '行政村', '综合落后指数', '未脱贫人口', '贫困发生率', '名次变化'),
          ...d.ranking.map((r) => cells([String(r.rank), r.village_name ?? '', (r.lag_index ?? 0).toFixed(3), String(r.remaining_poor_people ?? 0), formatPercent(r.poverty_incidence ?? 0, 2), r.rank_change == null ? '—' : r.rank_change > 0 ? `↑${r.rank_change}` : r.rank_change < 0 ? `↓${-r.rank_change}` : '—'])),
        ],
        { ...table, x: 0.5, y: 1.6, w: 12.3, fontSize: 13 },
      );
    },
    red_flags: (s, title, message) => {
      heading(s, title, message);
      s.addTable(
        [header('类别', '行政村', '对象', '情况'), ...d.flags.slice(0, 12).map((r) => cells([r.flag_type ?? '', r.village_name ?? '', r.subject ?? '', r.detail ?? '']))],
        { ...table, x: 0.5, y: 1.6, w: 12.3, colW: [1.4, 1.6, 3.3, 6.0], fontSize: 11 },
      );
      if (d.flags.length > 12) s.addText(`另有${d.flags.length - 12}条，见红旗清单Excel`, { x: 0.5, y: 7.0, w: 12.3, h: 0.3, fontFace: FONT, fontSize: 11, color: GREY });
    },
    monitoring: (s, title, message) => {
      heading(s, title, message);
      s.addTable(
        [
          header('监测对象类型', '新识别（户）', '风险消除（户）', '回退（户）', '风险未消除（户）', '风险未消除（人）'),
          ...d.monitoring.map((r) => cells([r.monitor_type ?? '', String(r.newly_identified_households ?? 0), String(r.eliminated_households ?? 0), String(r.relapsed_households ?? 0), String(r.at_risk_households ?? 0), String(r.at_risk_people ?? 0)])),
        ],
        { ...table, x: 0.5, y: 1.8, w: 12.3, fontSize: 14 },
      );
    },
    supervision: (s, title, message) => {
      heading(s, title, message);
      s.addChart(pptx.ChartType.line, [{ name: '督导覆盖率（%）', labels: months, values: d.kpi.map((r) => (r.supervision_coverage_rate == null ? 0 : Number((r.supervision_coverage_rate * 100).toFixed(1)))) }], {
        x: 0.5, y: 1.6, w: 4.2, h: 5.2, showLegend: false, chartColors: [GREEN], catAxisLabelFontFace: FONT, showTitle: true, title: '督导覆盖率（%）', titleFontFace: FONT, titleFontSize: 12, valAxisMaxVal: 100, valAxisMinVal: 0,
      });
      const groups = d.supervisionGroups.filter((r) => (r.visits ?? 0) > 0 || r.dimension_value !== '其他');
      s.addChart(pptx.ChartType.bar, [{ name: '督导次数', labels: groups.map((r) => r.dimension_value ?? ''), values: groups.map((r) => r.visits ?? 0) }], {
        x: 4.9, y: 1.6, w: 4.0, h: 5.2, barDir: 'bar', showLegend: false, chartColors: ['2E86C1'], catAxisLabelFontFace: FONT, showValue: true, showTitle: true, title: '各专项工作组督导次数', titleFontFace: FONT, titleFontSize: 12,
      });
      s.addTable(
        [
          header('乡镇', '未督导的挂牌村', '级别', '连续月数', '最近督导'),
          ...(d.unvisited.length === 0
            ? [cells(['', '本月挂牌村全部督导到位', '', '', ''])]
            : d.unvisited.slice(0, 10).map((r) => cells([r.town_name ?? '', r.village_name ?? '', r.listing_level ?? '', String(r.months_not_visited ?? 0), r.last_visit_date ? monthDay(r.last_visit_date) : '—']))),
        ],
        { ...table, x: 9.1, y: 1.8, w: 3.9, colW: [0.9, 0.9, 0.5, 0.7, 0.9], fontSize: 10 },
      );
      if (d.unvisited.length > 10) s.addText(`另有${d.unvisited.length - 10}个，见网站“督战”页`, { x: 9.1, y: 7.0, w: 3.9, h: 0.3, fontFace: FONT, fontSize: 10, color: GREY });
    },
  };

  for (const slide of d.slides) {
    const render = draw[slide.slide_key ?? ''];
    if (!render) throw new Error(`PPT 不会画幻灯片“${slide.slide_key}”（mart_deck_slides 新增了幻灯片？）`);
    render(addSlide(), slide.title ?? '', slide.message ?? '');
  }

  await pptx.writeFile({ fileName: file });
  return { slides: d.slides.length };
}
