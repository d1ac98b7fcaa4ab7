import type { Warehouse } from '../../core/warehouse.ts';
import type { FileResult } from '../load.ts';

/** Prints the first rejects of this run; messages already mask personal values. */
export async function printRejectSample(wh: Warehouse, results: FileResult[], limit = 20): Promise<void> {
  const ids = results.filter((r) => r.loadId !== null && r.rejected > 0).map((r) => r.loadId!);
  if (ids.length === 0) return;
  const rows = await wh.all<{ message_zh: string }>(
    `select message_zh from raw.rejects where load_id in (${ids.join(',')}) order by load_id, row_number, column_name limit ${limit}`,
  );
  const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from raw.rejects where load_id in (${ids.join(',')})`);
  console.log(`拒收原因（共${n}条${n > limit ? `，显示前${limit}条，全部见 raw.rejects` : ''}）：`);
  for (const r of rows) console.log(`  - ${r.message_zh}`);
}
