import { ruleLabels } from '../../core/glossary.ts';
import type { Progress } from '../../core/progress.ts';
import { quoteIdent as q, quoteLiteral as lit } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { columnsOf, type Contract } from '../contracts/index.ts';
import { keyOf, shown } from '../validate-sql.ts';
import { areaColumn, COVERAGE, DUPLICATES, existingRows } from './plan.ts';
import type { Landed } from './types.ts';
import { CHECKED, stagedRows, type Staged } from './validate.ts';

/** The mark of a staged row that is not loaded though it broke no rule of its own (a duplicated key, a file that failed as a whole). */
const NOT_LOADED = `{'column': null, 'rule': 'not_loaded', 'value': null, 'shown': null, 'zh': '未加载', 'en': 'not loaded'}`;

export interface WriteOptions {
  contract: Contract;
  month: string;
  replaceMonth: boolean;
  /** The group's staged rows (see validate.ts). */
  staged: Staged;
  progress: Progress;
}

/**
 * Inside the load's transaction, which staged the rows in raw.<entity>: removes the rows (and
 * rejects) of the covered areas that were there before, writes the refused rows into
 * raw.rejects and the warnings into raw.warnings, and takes out of raw every staged row that
 * is not to be loaded (refused, duplicated, blank, or of a file that failed). The caller
 * commits, or rolls everything back.
 */
export async function writeGroup(wh: Warehouse, live: Landed[], o: WriteOptions): Promise<void> {
  const { contract, staged } = o;
  const entity = contract.entity;
  const monthDate = `date '${o.month}-01'`;
  const area = q(areaColumn(contract).column);
  const ids = new Map(live.map((g) => [g.source.path, staged.ids.get(g.source.path)!]));
  const existing = existingRows({ ...o, newLoads: [...staged.ids.values()] });
  await wh.run(`create or replace temp table file_ids as select * from (values ${[...ids].map(([f, id]) => `(${lit(f)}, ${id})`).join(', ')}) t(file, load_id)`);
  const files = [...ids.keys()].map(lit).join(', ');
  o.progress.start(`写入 ${contract.label}`);
  if (o.replaceMonth) {
    await wh.run(`delete from raw.${entity} where ${existing}`);
    for (const table of ['raw.rejects', 'raw.warnings']) await wh.run(`delete from ${table} where entity = ${lit(entity)} and snapshot_month = ${monthDate}`);
  } else {
    await wh.run(`delete from raw.${entity} where ${existing} and ${area} in (select area from ${COVERAGE})`);
    // A file's old rejects go with it, and so do the rejects of the areas it now covers.
    for (const table of ['raw.rejects', 'raw.warnings']) {
      await wh.run(`delete from ${table} where entity = ${lit(entity)} and snapshot_month = ${monthDate}
        and (village_code in (select area from ${COVERAGE}) or source_file in (${files}))`);
    }
  }
  const key = keyOf(contract, 'c');
  const { n: duplicated } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${DUPLICATES}`);
    const keyColumn = columnsOf(contract).find((c) => c.name === contract.key[0])!;
    const keyHeader = keyColumn.headers[0];
    // Rejected rows keep their village code (as written) so data quality can be told per village.
    const dupRule = ruleLabels.duplicate_key;
    // One row per broken rule of `broken`, with a message naming file, row, column, value and rule.
    const issueRows = `select f.load_id, ${lit(entity)}, ${monthDate}, b.__file, b.__sheet, b.__row, b.__k, b.__village,
        b.e.column, h.header, b.e.value, b.e.rule,
        b.__file_label || '第' || b.__row || '行，' || coalesce('“' || h.header || '”列', '') ||
          coalesce('值“' || b.e.shown || '”', '为空') || '：' || b.e.zh,
        b.__file_label || ' row ' || b.__row || ', column ' || coalesce(h.header, b.e.column) || ': ' || b.e.en
      from broken b
      join file_ids f on f.file = b.__file
      left join file_headers h on h.file = b.__file and h.column_name = b.e.column`;
    await wh.run(`insert into raw.rejects
      with broken as (
        select c.__file, c.__file_label, c.__sheet, c.__row, ${key} as __k, c.${area} as __village, unnest(c.__errors) as e
        from ${CHECKED} c where not c.__ok
        union all
        select c.__file, c.__file_label, c.__sheet, c.__row, d.__k, c.${area},
          {'column': ${lit(contract.key[0]!)}, 'rule': 'duplicate_key', 'value': d.__k, 'shown': ${shown(keyColumn, 'd.__k')},
           'zh': ${lit(`${dupRule.zh}（${keyHeader}），同一键出现在：`)} || array_to_string(d.__places, '、'),
           'en': ${lit(dupRule.en)}}
        from ${CHECKED} c join ${DUPLICATES} d on d.__k = ${key}
      )
      ${issueRows}`);
    // Loaded rows whose value was taken as 其他 keep the value as written here.
    await wh.run(`insert into raw.warnings
      with broken as (
        select c.__file, c.__file_label, c.__sheet, c.__row, ${key} as __k, c.${area} as __village, unnest(c.__warnings) as e
        from ${CHECKED} c where c.__ok and c.__warnings is not null
          ${duplicated > 0 ? `and not exists (select 1 from ${DUPLICATES} d where d.__k = ${key})` : ''}
      )
      ${issueRows}`);
    // Every staged row that is not loaded carries a rule in _errors (refused and blank rows
    // already do); sweepUnloaded removes them all right after the commit. Deleting them here, in
    // the transaction that inserted them, would make DuckDB append the whole staged table again
    // at the commit, on one thread (1M rows: 2.9 s of CPU for 915 deleted rows; see load.ts).
    const notLoaded = `c._load_id not in (${[...ids.values()].join(', ')})${duplicated > 0 ? ` or ${key} in (select __k from ${DUPLICATES})` : ''}`;
    await wh.run(`update raw.${entity} c set _errors = [${NOT_LOADED}] where ${stagedRows(staged, o.month, 'c')} and c._errors is null and (${notLoaded})`);
    // Warnings now live in raw.warnings.
    await wh.run(`update raw.${entity} set _warnings = null where ${stagedRows(staged, o.month)} and _warnings is not null`);
    o.progress.finish();
}
