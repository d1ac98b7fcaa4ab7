import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { discoverModels, selectModels } from '../../models/runner/discover.ts';
import { MODELS_ROOT, runModels } from '../../models/runner/run.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { memoryWarehouse, SAMPLE, tempDir } from '../helpers/warehouse.ts';

describe('model discovery', () => {
  const models = discoverModels(MODELS_ROOT);

  it('orders every model after the models it reads', () => {
    const position = new Map(models.map((m, i) => [m.name, i]));
    for (const m of models) for (const d of m.deps) expect(position.get(d)!, `${m.name} after ${d}`).toBeLessThan(position.get(m.name)!);
    expect(models.find((m) => m.name === 'mart_village_ranking')!.deps).toEqual(
      expect.arrayContaining(['mart_poverty_incidence', 'mart_issue_clearance', 'mart_fund_by_area', 'int_household_gaps']),
    );
  });

  it('builds staging as views and marts as tables', () => {
    expect(new Set(models.filter((m) => m.layer === 'staging').map((m) => m.materialized))).toEqual(new Set(['view']));
    expect(new Set(models.filter((m) => m.layer === 'marts').map((m) => m.materialized))).toEqual(new Set(['table']));
  });

  it('--select runs a model and its dependents; +model its ancestors', () => {
    // The KPI mart reads clearance; the deck slides and village page read the KPI mart and the ranking.
    expect(selectModels(models, 'mart_issue_clearance').map((m) => m.name)).toEqual([
      'mart_issue_clearance', 'mart_kpi', 'mart_village_ranking', 'mart_red_flags', 'mart_deck_slides', 'mart_village_page',
    ]);
    const up = selectModels(models, '+mart_listing').map((m) => m.name);
    expect(up).toEqual(['stg_village', 'int_parameters', 'mart_listing']);
    expect(() => selectModels(models, 'mart_nothing')).toThrow(/没有名为 mart_nothing 的模型/);
  });

  it('refuses a cycle, naming it', () => {
    const dir = tempDir('cycle');
    fs.mkdirSync(path.join(dir, 'marts'));
    fs.writeFileSync(path.join(dir, 'marts', 'mart_a.sql'), 'select * from marts.mart_b');
    fs.writeFileSync(path.join(dir, 'marts', 'mart_b.sql'), 'select * from marts.mart_a');
    expect(() => discoverModels(dir)).toThrow(/循环引用：mart_a → mart_b → mart_a/);
  });
});

describe('a model run', () => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await memoryWarehouse();
  });
  afterEach(() => wh.close());

  it('that fails leaves the previous marts readable and unchanged', async () => {
    await loadPaths(wh, [path.join(SAMPLE, '2024-05')]);
    const root = tempDir('models');
    fs.cpSync(MODELS_ROOT, root, { recursive: true });
    await runModels(wh, { root });
    const before = await wh.all(`select * from marts.mart_poverty_incidence order by all`);
    expect(before.length).toBeGreaterThan(0);

    await loadPaths(wh, [path.join(SAMPLE, '2024-06')]);
    fs.appendFileSync(path.join(root, 'marts', 'mart_village_ranking.sql'), '\nwhere no_such_column > 0');
    await expect(runModels(wh, { root })).rejects.toThrow(/mart_village_ranking 运行失败/);
    // June is loaded, but the marts still show the last good run: May only.
    expect(await wh.all(`select * from marts.mart_poverty_incidence order by all`)).toEqual(before);

    fs.copyFileSync(path.join(MODELS_ROOT, 'marts', 'mart_village_ranking.sql'), path.join(root, 'marts', 'mart_village_ranking.sql'));
    await runModels(wh, { root });
    const months = await wh.all<{ m: string }>(`select distinct strftime(snapshot_month, '%Y-%m') as m from marts.mart_poverty_incidence order by 1`);
    expect(months.map((r) => r.m)).toEqual(['2024-05', '2024-06']);
  });

  it('reports each model with its rows and time', async () => {
    await loadPaths(wh, [SAMPLE]);
    const results = await runModels(wh);
    expect(results.map((r) => r.name)).toEqual(discoverModels(MODELS_ROOT).map((m) => m.name));
    const area = results.find((r) => r.name === 'mart_area')!;
    expect(area).toMatchObject({ layer: 'marts', materialized: 'table', rows: 6 });
    expect(results.find((r) => r.name === 'stg_household')!.rows).toBeNull();
  });
});
