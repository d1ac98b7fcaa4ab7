import '../../core/cli-errors.ts';
import path from 'node:path';
import { npmArgs } from '../../core/npm-args.ts';
import { Command } from 'commander';
import { config } from '../../core/config.ts';
import type { EntityName } from '../../core/glossary.ts';
import { parseMonth } from '../../core/format.ts';
import { createProgress } from '../../core/progress.ts';
import { warehouse, Warehouse } from '../../core/warehouse.ts';
import { ensureRawSchema } from '../ddl.ts';
import fs from 'node:fs';
import { entityNames } from '../contracts/index.ts';
import { loadPaths } from '../load.ts';
import { parseEncoding } from '../readers/index.ts';
import { printRejectSample } from './report.ts';
import { printSummary } from './summary.ts';

const program = new Command()
  .name('npm run load --')
  .description('把农户、行政村、问题台账、资金台账的月度导出文件（CSV/XLSX）加载到数据仓库')
  .argument('<paths...>', '文件或文件夹（文件夹会递归查找 .csv/.xlsx）')
  .option('--month <month>', '数据月份，如 2024-06（默认取文件夹/文件名或“数据月份”列）')
  .option('--encoding <encoding>', 'CSV编码：utf-8、gbk、gb18030（默认自动识别）')
  .option('--sheet <name>', 'Excel工作表名称（默认第一个）')
  .option('--entity <entity>', `文件类型（默认按表头识别）：${entityNames.join(', ')}`)
  .option('--replace-month', '整月替换：新文件中没有的村，其该月数据也删除（默认只替换文件涉及的村）')
  .option('--force', '即使本次加载会删除所替换数据的一半以上，也照常加载')
  .option('--check', '只读取和校验，打印加载会造成的变化，不写入仓库')
  .option('--quiet', '只输出汇总和错误')
  .action(async (paths: string[], opts) => {
    const month = opts.month === undefined ? undefined : parseMonth(opts.month);
    if (opts.month !== undefined && !month) program.error(`无法识别的月份“${opts.month}”，应如 2024-06`);
    if (opts.entity !== undefined && !entityNames.includes(opts.entity)) program.error(`未知的文件类型“${opts.entity}”`);
    const progress = createProgress({ quiet: opts.quiet });
    const wh = opts.check ? await checkWarehouse() : await warehouse();
    const results = await loadPaths(wh, paths, {
      replaceMonth: opts.replaceMonth === true,
      force: opts.force === true,
      check: opts.check === true,
      month,
      encoding: opts.encoding ? parseEncoding(opts.encoding) : undefined,
      sheet: opts.sheet,
      entity: opts.entity as EntityName | undefined,
      progress,
    });
    printSummary(results);
    await printRejectSample(wh, results);
    console.log(`仓库：${path.relative(process.cwd(), config.warehousePath) || config.warehousePath}${opts.check ? '（未写入）' : ''}`);
    if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
  });

/**
 * --check writes nothing: an existing warehouse is opened read-only (its rows are what the
 * before → after counts compare with); without one, an empty in-memory warehouse stands in.
 */
async function checkWarehouse(): Promise<Warehouse> {
  if (!fs.existsSync(config.warehousePath)) {
    const wh = await Warehouse.open(':memory:', { threads: config.threads });
    await ensureRawSchema(wh);
    return wh;
  }
  return Warehouse.open(config.warehousePath, { readOnly: true, threads: config.threads });
}

await program.parseAsync(npmArgs(program), { from: 'user' });
