import { quoteIdent as q } from '../../core/sql.ts';
import type { Progress } from '../../core/progress.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import type { Contract } from '../contracts/index.ts';
import { namesGiven, type StagedScope } from './resolve.ts';

/** Rows that cite the record they inherit from and lack what it would give them. */
function unlinked(contract: Contract, alias = ''): string | null {
  const inherits = contract.inherits;
  if (!inherits) return null;
  const a = alias ? `${alias}.` : '';
  // A row that names its village is placed by its names, not by its project.
  const names = namesGiven(contract, alias);
  const lacks = inherits.columns.map((c) => (c === 'village_code' && names !== null ? `(${a}${q(c)} is null and ${names} is null)` : `${a}${q(c)} is null`));
  return `${a}${q(inherits.key)} is not null and (${lacks.join(' or ')})`;
}

/**
 * Rows that cite another ledger's record instead of repeating it: a payment that gives only its
 * 项目编号 takes its 资金类别 and area from that project's allocation (the latest up to this
 * month, so an allocation loaded in the same run, which loads allocations first, counts). A row
 * whose project the allocation ledger does not know is refused, naming it.
 */
export async function linkInherited(wh: Warehouse, contract: Contract, month: string, scope: StagedScope, progress: Progress): Promise<void> {
  const inherits = contract.inherits;
  const lacking = unlinked(contract);
  if (!inherits || lacking === null) return;
  const { n } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${scope.table} where ${scope.where} and ${lacking}`);
  if (n === 0) return;
  progress.start(`按${inherits.key === 'project_id' ? '项目编号' : inherits.key}补全（${n}行）`);
  const key = q(inherits.key);
  const latest = inherits.columns.map((c) => `arg_max(${q(c)}, snapshot_month) as ${q(c)}`).join(', ');
  const sets = inherits.columns.map((c) => `${q(c)} = coalesce(c.${q(c)}, a.${q(c)})`).join(', ');
  await wh.run(`update ${scope.table} c set ${sets}, _code_source = coalesce(c._code_source, 'project')
    from (select ${key}, ${latest} from raw.${inherits.from} where snapshot_month <= date '${month}-01' group by 1) a
    where ${scope.where} and ${unlinked(contract, 'c')} and c.${key} = a.${key}`);
  await wh.run(`update ${scope.table} set _errors = list_append(coalesce(_errors, []), ${unlinkedError(contract)})
    where ${scope.where} and ${lacking}`);
  progress.finish();
}

/** The refusal of a row whose project is unknown, as an error struct. */
function unlinkedError(contract: Contract): string {
  const key = q(contract.inherits!.key);
  return `{'column': ${`'${contract.inherits!.key}'`}, 'rule': 'unknown_project', 'value': ${key}, 'shown': ${key},
    'zh': '项目编号在资金下达台账中不存在，无法确定资金类别和所属区划；请先加载该项目的资金下达台账，或在支出台账中填写资金类别和区划',
    'en': 'the project is not in the allocation ledger'}`;
}
