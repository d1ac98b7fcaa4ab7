/**
 * npm run export -- [--month 2024-06] [--area 430321200] [--out out/exports] [--internal]
 * Writes the monthly deck (PPTX; PDF when the site is built), the 总结报告 PDF, and the issue,
 * fund and red-flag ledgers (XLSX) for one area and month. Publishable files carry no personal
 * data and pass the privacy gate (privacy/gate.ts) before they are moved into place; PDFs are
 * printed only from a site that passed it. --internal adds the office's ledger with responsible
 * persons, named as internal.
 *
 * npm run export -- --report monthly [--month 2024-06] [--area 430321]
 * Writes only the county's 督战进展情况月报表 (XLSX, one row per town and the total), through the
 * same privacy gate.
 */
import '../core/cli-errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { config, ROOT } from '../core/config.ts';
import { parseMonth } from '../core/format.ts';
import { npmArgs } from '../core/npm-args.ts';
import { kyselyFor } from '../core/kysely.ts';
import { warehouse } from '../core/warehouse.ts';
import type { Database } from '../models/generated/database.ts';
import { deckData } from './deck-data.ts';
import { buildDeckPptx } from './pptx.ts';
import { resolveScope } from './scope.ts';
import { fundLedgerXlsx, internalIssueLedgerXlsx, issueLedgerXlsx, ledgerFileNames, redFlagsXlsx } from './xlsx.ts';
import { monthlyReportFileName, monthlyReportXlsx, reportingCounty } from './monthly-report.ts';
import { printPdfs } from './pdf.ts';
import { publish, readStamp, stagingDir } from '../privacy/gate.ts';
import { derivePublicWarehouse } from '../privacy/public-warehouse.ts';

const program = new Command()
  .name('npm run export --')
  .description('导出月度调度会材料（PPT、PDF）、总结报告（PDF）和台账（Excel）')
  .option('--month <month>', '数据月份，如 2024-06（默认最新月份）')
  .option('--area <code>', '区划代码（默认自动选择督战主体所在层级）')
  .option('--out <dir>', '输出目录', path.join(ROOT, 'out', 'exports'))
  .option('--internal', '另外导出含责任人的内部台账（不得公开发布）')
  .option('--no-pdf', '不生成PDF（无需浏览器和网站）')
  .option('--public', '公开发布用：生成公开数据仓库（小计数已隐去），并从公开网站打印总结报告')
  .option('--threshold <n>', '公开材料中隐去的计数上限（默认取参数 public_small_cell_threshold，即3）')
  .option('--site <dir>', '打印PDF所用的网站目录（默认 build/；--public 时默认 <out>/public/site）')
  .option('--report <name>', '只导出一种报表：monthly（县市区每月底上报的督战进展情况月报表，Excel）');
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ month?: string; area?: string; out: string; internal?: boolean; pdf: boolean; public?: boolean; threshold?: string; site?: string; report?: string }>();

const month = opts.month === undefined ? undefined : parseMonth(opts.month);
if (opts.month !== undefined && !month) throw new Error(`无法识别的月份“${opts.month}”`);
if (opts.report !== undefined && opts.report !== 'monthly') throw new Error(`未知的报表“${opts.report}”（可用：monthly）`);
if (opts.public) {
  await exportPublic();
  process.exit(0);
}
if (opts.report === 'monthly') {
  await exportMonthlyReport();
  process.exit(0);
}
const wh = await warehouse({ readOnly: true });
const db = kyselyFor<Database>(wh);
const scope = await resolveScope(db, month, opts.area);
const dir = path.join(opts.out, scope.monthKey);
// Everything publishable is written into a temporary folder and moved into `dir` only when the
// privacy gate passes; a failed gate removes it, so nothing half-checked is left where users look.
const staging = stagingDir(dir);
const names = ledgerFileNames(scope);
const written: { file: string; note: string }[] = [];
const step = (text: string) => console.log(`… ${text}`);
let internalFile: string | undefined;
try {
  step(`月度调度会PPT（${scope.areaName}）`);
  const deckFile = path.join(staging, `月度调度会_${scope.areaName}_${scope.monthKey}.pptx`);
  const deck = await buildDeckPptx(await deckData(db, scope), deckFile);
  written.push({ file: deckFile, note: `${deck.slides}页` });

  step('问题整改台账、资金台账、红旗清单（Excel）');
  written.push({ file: path.join(staging, names.issues), note: `${await issueLedgerXlsx(db, scope, path.join(staging, names.issues))}个问题` });
  written.push({ file: path.join(staging, names.funds), note: `${await fundLedgerXlsx(db, scope, path.join(staging, names.funds))}个项目` });
  written.push({ file: path.join(staging, names.flags), note: `${await redFlagsXlsx(db, scope, path.join(staging, names.flags))}条红旗` });
  if (opts.internal) {
    // The internal ledger names persons by design: it is kept out of the gated folder and goes
    // straight to its place, named and bannered as internal.
    step('内部台账（含责任人，不得公开）');
    internalFile = path.join(dir, names.internal);
    fs.mkdirSync(dir, { recursive: true });
    written.push({ file: internalFile, note: `${await internalIssueLedgerXlsx(wh, scope, internalFile)}个问题，内部资料` });
  }
  wh.close();

  if (opts.pdf) {
    step('月度调度会PDF、总结报告PDF（无头浏览器打印网站页面）');
    written.push(...(await printPdfs(scope, staging, { site: opts.site })));
  }

  step('个人信息检查（发布前）');
  await publish(staging, dir, { warehouse: config.warehousePath, audience: 'internal' });
} catch (e) {
  fs.rmSync(staging, { recursive: true, force: true });
  throw e;
}

console.log(`\n已导出到 ${path.relative(ROOT, dir) || dir}：`);
for (const w of written) {
  const file = w.file === internalFile ? w.file : path.join(dir, path.relative(staging, w.file));
  console.log(`  ${path.basename(file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KB  ${w.note}`);
}

/**
 * The county's 督战进展情况月报表 for the month (seed 003: 县市区每月底将本区域内督战进展情况上报市扶贫办):
 * the county of --area, or of the report's scope, checked by the privacy gate before it is moved
 * into out/exports/<month>/.
 */
async function exportMonthlyReport(): Promise<void> {
  const source = await warehouse({ readOnly: true });
  const db = kyselyFor<Database>(source);
  const scope = await resolveScope(db, month, opts.area);
  const county = await resolveScope(db, scope.monthKey, reportingCounty(scope.areaCode));
  const area = { code: county.areaCode, name: county.areaName, month: county.month, monthKey: county.monthKey };
  const dir = path.join(opts.out, area.monthKey);
  const staging = stagingDir(dir);
  try {
    console.log(`… 督战进展情况月报表（${area.name}，${area.monthKey}）`);
    const file = path.join(staging, monthlyReportFileName(area));
    const { towns } = await monthlyReportXlsx(db, area, file);
    source.close();
    console.log('… 个人信息检查（发布前）');
    await publish(staging, dir, { warehouse: config.warehousePath, audience: 'internal' });
    const out = path.join(dir, path.basename(file));
    console.log(`\n已导出：${path.relative(ROOT, out) || out}  ${(fs.statSync(out).size / 1024).toFixed(0)} KB  ${towns}个下级区划＋合计`);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The public audience: derive the public warehouse (small counts suppressed, complementary
 * suppression), and print the 总结报告 from a site built from it and stamped public by the gate.
 */
async function exportPublic(): Promise<void> {
  const threshold = opts.threshold === undefined ? undefined : Number(opts.threshold);
  if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 2)) throw new Error(`--threshold 应为不小于2的整数：${opts.threshold}`);
  const publicWarehouse = path.join(opts.out, 'public', 'campaign-public.duckdb');
  fs.mkdirSync(path.dirname(publicWarehouse), { recursive: true });
  const copy = await derivePublicWarehouse(config.warehousePath, publicWarehouse, threshold);
  const cells = Object.values(copy.suppressed).reduce((a, b) => a + b, 0);
  const hidden = Object.values(copy.complementary).reduce((a, b) => a + b, 0);
  console.log(
    `公开数据仓库：${path.relative(ROOT, publicWarehouse)}（隐去${cells}格：小于${copy.threshold}的${cells - hidden}格显示为“<${copy.threshold}”，` +
      `互补隐去的${hidden}格显示为“*”；公开的最小计数为${copy.smallestPublished ?? '—'}）`,
  );
  // The public site has its own folder, so the internal site in build/ stays where it is.
  const site = opts.site ?? path.join(opts.out, 'public', 'site');
  if (readStamp(site)?.audience !== 'public') {
    const rel = (p: string) => path.relative(ROOT, path.resolve(p)) || p;
    console.log(`要打印公开总结报告，先由它构建公开网站：\n  npm run build -- --warehouse ${rel(publicWarehouse)} --out ${rel(site)}\n再运行 npm run export -- --public${opts.site ? ` --site ${rel(site)}` : ''}（npm run preview -- ${rel(site)} 可浏览）`);
    return;
  }
  const source = await warehouse({ readOnly: true });
  const scope = await resolveScope(kyselyFor<Database>(source), month, opts.area);
  source.close();
  const dir = path.join(opts.out, scope.monthKey, '公开');
  const staging = stagingDir(dir);
  try {
    const printed = await printPdfs(scope, staging, { site, audience: 'public' });
    await publish(staging, dir, { warehouse: publicWarehouse, audience: 'public' });
    for (const p of printed) console.log(`  ${path.join(path.relative(ROOT, dir), path.basename(p.file))}  ${p.note}`);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
