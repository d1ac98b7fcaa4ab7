/**
 * The fast and the slow path on a generated campaign (a script, not a test): loads it both ways
 * into one warehouse and prints, per raw table, the rows only one of them wrote, and both times.
 *   npm run bench:paths -- [--scale county] [--months 12] [--layout codes|names|mixed] [--seed 1]
 */
import '../../core/cli-errors.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { npmArgs } from '../../core/npm-args.ts';
import { createProgress } from '../../core/progress.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { DEFAULTS, generateCampaign } from '../generate/campaign.ts';
import type { Layout } from '../generate/layout.ts';
import type { Scale } from '../generate/places.ts';
import { compareLoadPaths, describeEquivalence } from './equivalence.ts';

const program = new Command()
  .option('--scale <scale>', '规模 town|county|city', 'county')
  .option('--months <n>', '月数', '12')
  .option('--layout <layout>', '版式 codes|names|mixed', 'mixed')
  .option('--seed <n>', '随机种子', '1')
  .option('--dir <dir>', '工作目录', path.join(os.tmpdir(), 'campaign-paths'));
const o = program.parse(npmArgs(program), { from: 'user' }).opts<{ scale: Scale; months: string; layout: Layout; seed: string; dir: string }>();

fs.rmSync(o.dir, { recursive: true, force: true });
const out = path.join(o.dir, 'data');
console.log(`生成 ${o.scale} 规模、${o.months} 个月、${o.layout} 版式的台账 …`);
await generateCampaign({ ...DEFAULTS, scale: o.scale, months: Number(o.months), seed: Number(o.seed), out, layout: o.layout });
const wh = await Warehouse.open(path.join(o.dir, 'w.duckdb'));
const e = await compareLoadPaths(wh, [out], createProgress());
wh.close();
console.log('\n快路径与慢路径写入的内容（EXCEPT ALL 双向比较）：');
for (const line of describeEquivalence(e)) console.log(line);
const differ = e.tables.filter((t) => t.onlyFast + t.onlySlow > 0);
console.log(differ.length === 0 ? '  结论：两条路径结果完全相同' : `  结论：${differ.map((t) => t.table).join('、')} 不同`);
fs.rmSync(o.dir, { recursive: true, force: true });
process.exit(differ.length === 0 ? 0 : 1);
