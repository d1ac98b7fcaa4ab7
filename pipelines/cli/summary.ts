import path from 'node:path';
import { formatInt, monthLabel } from '../../core/format.ts';
import { entityLabels, loadStatusLabels } from '../../core/glossary.ts';
import { renderTable } from '../../core/table.ts';
import type { FileResult, Replacement } from '../load.ts';

/** One line per file, the reconciliation read = loaded + rejected, what each file replaced, and why files failed. */
export function printSummary(results: FileResult[]): void {
  const rows = results.map((r) => [
    path.basename(r.file) + (r.sheet ? `[${r.sheet}]` : ''),
    r.entity ? entityLabels[r.entity] : '—',
    r.month ? monthLabel(r.month) : '—',
    formatInt(r.read),
    formatInt(r.loaded),
    formatInt(r.rejected),
    formatInt(r.warned),
    loadStatusLabels[r.status],
  ]);
  const numbers = ['读取', '加载', '拒收', '其中警告'];
  console.log(renderTable(['文件', '类型', '月份', ...numbers, '状态'], rows, { maxCellWidth: 60, rightAligned: numbers }));
  const counted = results.filter((r) => r.status === 'loaded' || r.status === 'checked');
  const sum = (k: 'read' | 'loaded' | 'rejected') => counted.reduce((s, r) => s + r[k], 0);
  const ok = sum('read') === sum('loaded') + sum('rejected');
  const sumWarned = counted.reduce((s, r) => s + r.warned, 0);
  const verb = counted.some((r) => r.status === 'checked') ? '可加载' : '加载';
  console.log(
    `合计：读取 ${formatInt(sum('read'))} 行 = ${verb} ${formatInt(sum('loaded'))} 行 + 拒收 ${formatInt(sum('rejected'))} 行` +
      (ok ? '（已核对）' : '（不平衡！）') +
      (sumWarned > 0 ? `；其中 ${formatInt(sumWarned)} 行有警告（取值按“其他”加载，见 raw.warnings）` : ''),
  );
  for (const r of results.filter((x) => x.replaced)) console.log(replacementLine(r));
  const failed = results.filter((x) => x.status === 'failed');
  for (const r of results.filter((x) => x.message && x.status !== 'loaded' && x.status !== 'checked')) {
    console.log(`${loadStatusLabels[r.status]}：${path.basename(r.file)}：${r.message}`);
  }
  if (failed.length > 0) console.log(`${failed.length}个文件失败：失败的文件没有写入任何数据，仓库中原有数据未改动。`);
  if (results.some((r) => r.status === 'checked')) console.log('这是校验（--check）：以上是实际加载时会发生的变化，仓库未写入任何内容。');
}

/** '农户信息_金霞村.csv 替换 2024年6月 湘潭县花石镇 1个村：农户信息 230 → 228 行'. */
export function replacementLine(r: FileResult): string {
  const x = r.replaced as Replacement;
  const verb = r.status === 'checked' ? '将替换' : r.status === 'failed' ? '本会替换' : '替换';
  const towns = x.towns.length <= 3 ? x.towns.join('、') : `${x.towns.slice(0, 3).join('、')}等${x.towns.length}个乡镇`;
  const unit = x.areas.every((a) => a.code.length === 12) ? '个村' : '个区划';
  const villages = x.areas.length === 1 && x.areas[0]!.name ? x.areas[0]!.name : `${towns} ${x.areas.length}${unit}`;
  const removed = x.removedAreas > 0 ? `（其中${x.removedAreas}个村不在新文件中，整村删除）` : '';
  const label = r.entity ? entityLabels[r.entity] : '';
  return `  ${path.basename(r.file)} ${verb} ${r.month ? monthLabel(r.month) : ''} ${villages}${removed}：${label} ${formatInt(x.before)} → ${formatInt(x.after)} 行`;
}
