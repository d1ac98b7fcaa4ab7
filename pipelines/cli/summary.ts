import path from 'node:path';
import { formatInt, monthLabel } from '../../core/format.ts';
import { entityLabels, loadStatusLabels } from '../../core/glossary.ts';
import { renderTable } from '../../core/table.ts';
import type { FileResult } from '../load.ts';

/** One line per file, then the reconciliation read = loaded + rejected. */
export function printSummary(results: FileResult[]): void {
  const rows = results.map((r) => [
    path.basename(r.file) + (r.sheet ? `[${r.sheet}]` : ''),
    r.entity ? entityLabels[r.entity] : '—',
    r.month ? monthLabel(r.month) : '—',
    formatInt(r.read),
    formatInt(r.loaded),
    formatInt(r.rejected),
    loadStatusLabels[r.status],
  ]);
  const numbers = ['读取', '加载', '拒收'];
  console.log(renderTable(['文件', '类型', '月份', ...numbers, '状态'], rows, { maxCellWidth: 60, rightAligned: numbers }));
  const sum = (k: 'read' | 'loaded' | 'rejected') => results.filter((r) => r.status === 'loaded').reduce((s, r) => s + r[k], 0);
  const ok = sum('read') === sum('loaded') + sum('rejected');
  console.log(
    `合计：读取 ${formatInt(sum('read'))} 行 = 加载 ${formatInt(sum('loaded'))} 行 + 拒收 ${formatInt(sum('rejected'))} 行` +
      (ok ? '（已核对）' : '（不平衡！）'),
  );
  for (const r of results.filter((x) => x.message && x.status !== 'loaded')) console.log(`${loadStatusLabels[r.status]}：${path.basename(r.file)}：${r.message}`);
}

