import { formatInt, formatPercent } from '../../core/format.ts';
import { FileFailure, type Replacement } from './types.ts';

/** Share of the rows a load replaces that it may remove before it asks for --force. */
export const DEFAULT_SHRINK_LIMIT = 0.5;

/**
 * A load that would remove more than `limit` of the rows it replaces is far more often a
 * partial or wrong export than a real change: it stops and shows what would go, per area.
 * Counted per area, so growth in one village does not hide the loss of another.
 */
export function shrinkGuard(r: Replacement, limit: number): FileFailure | null {
  const losing = r.areas.filter((a) => a.after < a.before).sort((x, y) => y.before - y.after - (x.before - x.after));
  const removed = losing.reduce((s, a) => s + a.before - a.after, 0);
  if (r.before === 0 || removed <= limit * r.before) return null;
  const shown = losing.slice(0, 8).map((a) => `${a.name ?? a.code} ${formatInt(a.before)}→${formatInt(a.after)}`);
  const more = losing.length > shown.length ? `等${losing.length}个村` : '';
  return new FileFailure(
    `本次加载会删除所替换的${formatInt(r.before)}行中的${formatInt(removed)}行（${formatPercent(removed / r.before)}），超过${formatPercent(limit)}：` +
      `${shown.join('、')}${more}；这通常是导出不完整或文件选错。如确属实际变化，请加 --force 重新加载`,
    `the load would remove ${removed} of the ${r.before} rows it replaces; pass --force if this is a real change`,
  );
}
