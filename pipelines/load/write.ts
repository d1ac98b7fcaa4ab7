import { ruleLabels } from '../../core/glossary.ts';
import type { Progress } from '../../core/progress.ts';
import { quoteIdent as q, quoteLiteral as lit } from '../../core/sql.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { columnsOf, type Contract } from '../contracts/index.ts';
import { LINEAGE_COLUMNS } from '../ddl.ts';
import { keyOf, shown } from '../validate-sql.ts';
import { nextLoadId } from './manifest.ts';
import { areaColumn, COVERAGE, DUPLICATES } from './plan.ts';
import type { Landed } from './types.ts';
import { CHECKED, withDuckProgress } from './validate.ts';

export interface WriteOptions {
  contract: Contract;
  month: string;
  replaceMonth: boolean;
  progress: Progress;
  /** Runs inside the transaction, after the writes; a throw rolls everything back. */
  inside: (loadIds: Map<string, number>) => Promise<void>;
}

/**
 * In one transaction: removes the rows (and rejects) of the covered areas, writes the live
 * files' good rows into raw.<entity> and their refused rows into raw.rejects, then runs
 * `inside` (the manifest). Any failure, a kill included, leaves the warehouse as it was.
 */
export async function writeGroup(wh: Warehouse, live: Landed[], o: WriteOptions): Promise<Map<string, number>> {
  const { contract } = o;
  const entity = contract.entity;
  const monthDate = `date '${o.month}-01'`;
  const area = q(areaColumn(contract).column);
  return wh.transaction(async () => {
    const ids = new Map<string, number>();
    for (const g of live) ids.set(g.source.path, await nextLoadId(wh));
    await wh.run(`create or replace temp table file_ids as select * from (values ${[...ids].map(([f, id]) => `(${lit(f)}, ${id})`).join(', ')}) t(file, load_id)`);
    const files = [...ids.keys()].map(lit).join(', ');
    if (o.replaceMonth) {
      await wh.run(`delete from raw.${entity} where snapshot_month = ${monthDate}`);
      for (const table of ['raw.rejects', 'raw.warnings']) await wh.run(`delete from ${table} where entity = ${lit(entity)} and snapshot_month = ${monthDate}`);
    } else {
      await wh.run(`delete from raw.${entity} where snapshot_month = ${monthDate} and ${area} in (select area from ${COVERAGE})`);
      // A file's old rejects go with it, and so do the rejects of the areas it now covers.
      for (const table of ['raw.rejects', 'raw.warnings']) {
        await wh.run(`delete from ${table} where entity = ${lit(entity)} and snapshot_month = ${monthDate}
          and (village_code in (select area from ${COVERAGE}) or source_file in (${files}))`);
      }
    }

    const cols = columnsOf(contract).map((c) => q(c.name));
    const lineage = LINEAGE_COLUMNS.map(([n]) => n);
    const key = keyOf(contract, 'c');
    const byFile = (f: (g: Landed) => string) => `case c.__file ${live.map((g) => `when ${lit(g.source.path)} then ${f(g)}`).join(' ')} end`;
    const { n: duplicated } = await wh.one<{ n: number }>(`select count(*)::integer as n from ${DUPLICATES}`);
    o.progress.start(`写入 ${contract.label}`);
    // Raw rows carry their row number, so their order in the table does not matter; letting
    // DuckDB write them in any order makes this copy about 1.6× faster. Back on afterwards:
    // the row numbers of the next group are read from the checked table's insertion order.
    await wh.run('set preserve_insertion_order = false');
    await withDuckProgress(wh, o.progress, () =>
      wh.run(`insert into raw.${entity} (${[...lineage, ...cols].join(', ')})
        select ${monthDate}, ${byFile((g) => String(ids.get(g.source.path)))}, c.__file, c.__sheet, c.__row,
          ${byFile((g) => lit(g.source.sha256))}, c.__code_source,
          ${cols.map((c) => `c.${c}`).join(', ')}
        from ${CHECKED} c
        where c.__ok${duplicated > 0 ? ` and not exists (select 1 from ${DUPLICATES} d where d.__k = ${key})` : ''}`),
    ).finally(() => wh.run('set preserve_insertion_order = true').catch(() => undefined));
    o.progress.finish();

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
    await o.inside(ids);
    return ids;
  });
}
