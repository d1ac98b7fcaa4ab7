/**
 * npm run export -- [--month 2024-06] [--area 430321200] [--out out/exports] [--internal]
 * Writes the monthly deck (PPTX; PDF when the site is built), the 总结报告 PDF, and the issue,
 * fund and red-flag ledgers (XLSX) for one area and month. Publishable files carry no personal
 * data and pass the privacy gate (privacy/gate.ts) before they are moved into place; PDFs are
 * printed only from a site that passed it. --internal adds the office's ledger with responsible
 * persons, named as internal.
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
import { printPdfs } from './pdf.ts';
import { publish, stagingDir } from '../privacy/gate.ts';

const program = new Command()
  .name('npm run export --')
  .description('导出月度调度会材料（PPT、PDF）、总结报告（PDF）和台账（Excel）')
  .option('--month <month>', '数据月份，如 2024-06（默认最新月份）')
  .option('--area <code>', '区划代码（默认自动选择督战主体所在层级）')
  .option('--out <dir>', '输出目录', path.join(ROOT, 'out', 'exports'))
  .option('--internal', '另外导出含责任人的内部台账（不得公开发布）')
  .option('--no-pdf', '不生成PDF（无需浏览器和网站）');
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ month?: string; area?: string; out: string; internal?: boolean; pdf: boolean }>();

const month = opts.month === undefined ? undefined : parseMonth(opts.month);
if (opts.month !== undefined && !month) throw new Error(`无法识别的月份“${opts.month}”`);
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
    written.push(...(await printPdfs(scope, staging)));
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
