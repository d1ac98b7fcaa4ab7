/**
 * The main job on bundled data: generate the town-scale demo campaign (seed 001's profile,
 * twelve months, with planted dirt), load it, run the models and their data tests, build the
 * report site. Each step prints what it does and how far along it is.
 */
import '../../core/cli-errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { config, ROOT } from '../../core/config.ts';
import { formatSeconds } from '../../core/format.ts';
import { createProgress } from '../../core/progress.ts';
import { warehouse } from '../../core/warehouse.ts';
import { describeFailure, failedTests, runDataTests } from '../../models/runner/data-tests.ts';
import { runModels } from '../../models/runner/run.ts';
import { DEFAULTS, DEMO_LAYOUT, generateCampaign } from '../generate/campaign.ts';
import { loadPaths } from '../load.ts';
import { printRejectSample } from './report.ts';
import { printSummary } from './summary.ts';
import { installSystemDeps } from '../../scripts/install-system-deps.ts';
import { runTs } from '../../scripts/lib/run.ts';

const quiet = process.argv.includes('--quiet');
const skipSite = process.argv.includes('--no-site');
const progress = createProgress({ quiet });
const DEMO = path.join(ROOT, 'data', 'demo');
const steps = skipSite ? 4 : 5;
const started = performance.now();
const step = (n: number, text: string) => console.log(`\n【${n}/${steps}】${text}`);

step(1, `生成演示数据：湘潭县一个乡，12个月（与 seed 001 的基期和期末数据一致）→ ${path.relative(ROOT, DEMO)}`);
fs.rmSync(DEMO, { recursive: true, force: true });
await generateCampaign({ ...DEFAULTS, scale: 'town', out: DEMO, layout: DEMO_LAYOUT });

step(2, '加载到数据仓库（逐行校验，拒收的行记入 raw.rejects）');
const wh = await warehouse();
// The demo writes the whole campaign anew: each month replaces the month, villages and all.
const results = await loadPaths(wh, [DEMO], { progress, replaceMonth: true });
printSummary(results);
await printRejectSample(wh, results, 8);

step(3, '运行模型（staging → intermediate → marts）');
const models = await runModels(wh, { progress });
console.log(`${models.length}个模型已构建`);

step(4, '运行数据测试');
const tests = await runDataTests(wh);
const failed = failedTests(tests);
console.log(`数据测试：${tests.length - failed.length}项通过，${failed.length}项失败`);
for (const t of failed) console.log(`  ${describeFailure(t)}`);
wh.close();

if (!skipSite) {
  step(5, '构建报告网站（Evidence，离线）');
  // The browser tests and PDF export need a browser, CJK fonts and poppler: on Debian they are
  // installed here (only if missing) so the README's two commands are all a fresh machine needs.
  // Elsewhere (Windows, macOS, other Linux) this only says what to install by hand.
  try {
    await installSystemDeps();
  } catch (error) {
    console.warn(`警告：系统软件包（浏览器、中文字体、poppler-utils）未能安装（${(error as Error).message}）：网站照常构建，但浏览器测试和 PDF 导出需要它们（以 root 运行 npm run system-deps）`);
  }
  const site = await runTs(path.join('scripts', 'build-site.ts'), []);
  if (site.code !== 0) {
    console.error('网站构建失败，见上方输出');
    process.exit(1);
  }
  console.log(`\n网站已生成：${path.join(ROOT, 'build')}\n打开方式：npm run preview，然后在浏览器访问 http://localhost:4173/`);
}
console.log(`\n完成，用时${formatSeconds(performance.now() - started)}。数据仓库：${path.relative(ROOT, config.warehousePath)}；查询：npm run sql`);
if (results.some((r) => r.status === 'failed') || failed.length > 0) process.exitCode = 1;
