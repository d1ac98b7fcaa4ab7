import { quoteIdent as q } from '../../core/sql.ts';
import type { Progress } from '../../core/progress.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import type { Contract } from '../contracts/index.ts';
import { CHECKED_TABLE } from './validate.ts';

/**
 * Rows that cite another ledger's record instead of repeating it: a payment that gives only its
 * 项目编号 takes its 资金类别 and area from that project's allocation (the latest up to this
 * month, so an allocation loaded in the same run, which loads allocations first, counts). A row
 * whose project the allocation ledger does not know stays unlinked and is refused, naming it.
 */
export async function linkInherited(wh: Warehouse, contract: Contract, month: string, progress: Progress): Promise<void> {
  const inherits = contract.inherits;
  if (!inherits) return;
  const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${CHECKED_TABLE} where __unlinked`);
  if (n === 0) return;
  progress.start(`按${inherits.key === 'project_id' ? '项目编号' : inherits.key}补全（${n}行）`);
  const key = q(inherits.key);
  const latest = inherits.columns.map((c) => `arg_max(${q(c)}, snapshot_month) as ${q(c)}`).join(', ');
  const sets = inherits.columns.map((c) => `${q(c)} = coalesce(c.${q(c)}, a.${q(c)})`).join(', ');
  await wh.run(`update ${CHECKED_TABLE} c set ${sets},
      __code_source = coalesce(c.__code_source, 'project'), __unlinked = false
    from (select ${key}, ${latest} from raw.${inherits.from} where snapshot_month <= date '${month}-01' group by 1) a
    where c.__unlinked and c.${key} = a.${key}`);
  progress.finish();
}

/** The refusal of a row whose project is unknown, as an error struct. */
export function unlinkedError(contract: Contract): string {
  const key = q(contract.inherits!.key);
  return `{'column': ${`'${contract.inherits!.key}'`}, 'rule': 'unknown_project', 'value': ${key}, 'shown': ${key},
    'zh': '项目编号在资金下达台账中不存在，无法确定资金类别和所属区划；请先加载该项目的资金下达台账，或在支出台账中填写资金类别和区划',
    'en': 'the project is not in the allocation ledger'}`;
}
