import path from 'node:path';
import { formatInt, monthLabel } from '../../core/format.ts';
import { entityLabels, loadStatusLabels } from '../../core/glossary.ts';
import type { FileResult } from '../load.ts';

/** One line per file, then the reconciliation read = loaded + rejected. */
export function printSummary(results: FileResult[]): void {
  const rows = results.map((r) => ({
    文件: path.basename(r.file) + (r.sheet ? `[${r.sheet}]` : ''),
    类型: r.entity ? entityLabels[r.entity] : '—',
    月份: r.month ? monthLabel(r.month) : '—',
    读取: formatInt(r.read),
    加载: formatInt(r.loaded),
    拒收: formatInt(r.rejected),
    状态: loadStatusLabels[r.status],
  }));
  console.table(rows);
  const sum = (k: 'read' | 'loaded' | 'rejected') => results.filter((r) => r.status === 'loaded').reduce((s, r) => s + r[k], 0);
  const ok = sum('read') === sum('loaded') + sum('rejected');
  console.log(
    `合计：读取 ${formatInt(sum('read'))} 行 = 加载 ${formatInt(sum('loaded'))} 行 + 拒收 ${formatInt(sum('rejected'))} 行` +
      (ok ? '（已核对）' : '（不平衡！）'),
  );
  for (const r of results.filter((x) => x.message && x.status !== 'loaded')) console.log(`${loadStatusLabels[r.status]}：${path.basename(r.file)}：${r.message}`);
}

