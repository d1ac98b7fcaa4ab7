/**
 * The main job on bundled data: loads the sample snapshots into the warehouse and prints
 * reconciled counts. Later stages (models, site) hang off this same command.
 */
import path from 'node:path';
import { config, ROOT } from '../../core/config.ts';
import { createProgress } from '../../core/progress.ts';
import { warehouse } from '../../core/warehouse.ts';
import { loadPaths } from '../load.ts';
import { printRejectSample } from './report.ts';
import { printSummary } from './summary.ts';

const quiet = process.argv.includes('--quiet');
const progress = createProgress({ quiet });
const sample = path.join(ROOT, 'data', 'sample');

console.log(`【1/1】加载样例月度数据：${path.relative(ROOT, sample)}`);
const wh = await warehouse();
const results = await loadPaths(wh, [sample], { progress });
printSummary(results);
await printRejectSample(wh, results);
console.log(`数据仓库：${path.relative(ROOT, config.warehousePath)}（可用 DuckDB 查询 raw.*、raw.rejects、meta.loads）`);
if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
