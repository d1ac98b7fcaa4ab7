/**
 * One campaign written in the codes layout and in the names layout (village names instead of
 * codes, 万元, synonyms, √/×, full-width digits, real dates, .xls, county funds named by county,
 * payments by project) must give the same marts once loaded: the loader undoes every spelling.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { generateCampaign } from '../../pipelines/generate/campaign.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { memoryWarehouse, tempDir } from '../helpers/warehouse.ts';

async function campaign(layout: 'codes' | 'names', out: string): Promise<Warehouse> {
  await generateCampaign({
    scale: 'town', months: 2, seed: 5, out, dirt: 0, start: '2024-01', formats: ['csv', 'xlsx'], incomeLine: 7300, layout, countyFunds: true,
  });
  const wh = await memoryWarehouse();
  const results = await loadPaths(wh, [out]);
  expect(results.filter((r) => r.status !== 'loaded').map((r) => `${path.basename(r.file)}: ${r.message}`)).toEqual([]);
  await runModels(wh);
  return wh;
}

/** A mart's rows as text, floats to 9 significant digits (sums of floats depend on the order rows are added), salted keys left out. */
async function rowsOf(wh: Warehouse, table: string): Promise<string[]> {
  const cols = await wh.all<{ name: string; type: string }>(
    `select column_name as name, data_type as type from information_schema.columns where table_schema = 'marts' and table_name = $1 order by ordinal_position`,
    [table],
  );
  const list = cols
    .filter((c) => c.name !== 'household_key')
    .map((c) => (c.type === 'DOUBLE' ? `round("${c.name}", 9 - ceil(log10(abs("${c.name}") + 1e-300))::integer)::varchar` : `"${c.name}"::varchar`));
  const rows = await wh.all<{ r: string }>(`select concat_ws('|', ${list.map((x) => `coalesce(${x}, '∅')`).join(', ')}) as r from marts.${table} order by 1`);
  return rows.map((x) => x.r);
}

describe('the same campaign in codes and in names layout', () => {
  it('loads every row either way and gives identical marts', async () => {
    const dir = tempDir('layout-marts');
    const codes = await campaign('codes', path.join(dir, 'codes'));
    const names = await campaign('names', path.join(dir, 'names'));
    try {
      const count = async (wh: Warehouse) => (await wh.one<{ n: number }>(`select count(*)::integer as n from raw.household`)).n;
      expect(await count(names)).toBe(await count(codes));
      const sources = await names.all<{ s: string; n: number }>(`select _code_source as s, count(*)::integer as n from raw.fund_payment group by 1 order by 1`);
      expect(sources.map((x) => x.s)).toContain('project');
      const marts = (await codes.all<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'marts' order by 1`)).map((x) => x.t);
      expect(marts.length).toBeGreaterThan(20);
      // mart_code_sources says how each row's code was found, which is what differs: compared by its totals.
      for (const t of marts.filter((x) => x !== 'mart_code_sources')) expect(await rowsOf(names, t), t).toEqual(await rowsOf(codes, t));
      const totals = (wh: Warehouse) =>
        wh.all(`select snapshot_month::varchar as m, entity, sum(rows_loaded)::integer as n from marts.mart_code_sources group by all order by all`);
      expect(await totals(names)).toEqual(await totals(codes));
      const how = (wh: Warehouse) => wh.all<{ s: string }>(`select distinct code_source as s from marts.mart_code_sources order by 1`);
      expect((await how(codes)).map((x) => x.s)).toEqual(['given', 'project']);
      expect((await how(names)).map((x) => x.s)).toEqual(['given', 'project', 'register']);
    } finally {
      codes.close();
      names.close();
    }
  }, 240_000);
});
