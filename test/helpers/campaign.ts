import path from 'node:path';
import { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { DEFAULTS, generateCampaign } from '../../pipelines/generate/campaign.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { tempDir } from './warehouse.ts';

/** A generated town campaign (seed 001's profile), loaded and modelled in a fresh warehouse. */
export async function townWarehouse(months = 12): Promise<{ wh: Warehouse; dir: string; db: string }> {
  const dir = tempDir('town');
  await generateCampaign({ ...DEFAULTS, scale: 'town', months, out: path.join(dir, 'data') });
  const db = path.join(dir, 'campaign.duckdb');
  const wh = await Warehouse.open(db);
  await loadPaths(wh, [path.join(dir, 'data')]);
  await runModels(wh);
  return { wh, dir, db };
}
