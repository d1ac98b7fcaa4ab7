import '../../core/cli-errors.ts';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { npmArgs } from '../../core/npm-args.ts';
import { DEFAULTS, generateCampaign, type GenerateOptions } from '../generate/campaign.ts';
import { type Layout, LAYOUTS } from '../generate/layout.ts';
import type { FileFormat } from '../generate/ledger-writer.ts';
import { SCALES, type Scale } from '../generate/places.ts';
import { generateProvince } from '../generate/province-sql.ts';

/**
 * npm run generate -- --scale town|county|city|province --months 12 --seed 1 --out <folder>
 *   [--dirt 0.005] [--start 2024-01] [--formats csv,xlsx] [--income-line 7300] [--boundaries <dir>]
 *   [--layout codes|names|mixed] [--layout-share 0.5] [--county-funds | --no-county-funds]
 *   [--households 650000]   (city scale: a larger or smaller 湘潭市; 650,000 households ≈ 2,000 villages)
 */

function integer(name: string, min: number, max: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} 应为 ${min}–${max} 的整数 / must be an integer ${min}–${max}`);
    return n;
  };
}

function rate(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 0.5) throw new InvalidArgumentError('--dirt 应为 0–0.5 之间的比例 / must be a share between 0 and 0.5');
  return n;
}

function share(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('--layout-share 应为 0–1 之间的比例 / must be a share between 0 and 1');
  return n;
}

function formats(v: string): FileFormat[] {
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length || list.some((f) => f !== 'csv' && f !== 'xlsx')) throw new InvalidArgumentError('--formats 只能是 csv、xlsx 或 csv,xlsx');
  return [...new Set(list)] as FileFormat[];
}

const program = new Command()
  .name('generate')
  .description('生成演示用挂牌督战数据（每月五个台账文件、地理边界与生成清单） / generate a demo campaign')
  .addOption(new Option('--scale <scale>', '规模 / scale').choices(SCALES as string[]).default('town'))
  .option('--months <n>', '月数 / months', integer('--months', 1, 120), DEFAULTS.months)
  .option('--seed <n>', '随机种子 / seed', integer('--seed', 0, 2 ** 31 - 1), DEFAULTS.seed)
  .requiredOption('--out <folder>', '输出目录 / output folder')
  .option('--dirt <rate>', '脏数据比例，0为干净 / share of dirty rows', rate, DEFAULTS.dirt)
  .option('--start <month>', '起始月份 / first month', DEFAULTS.start)
  .option('--formats <list>', '文件格式 / file formats', formats, DEFAULTS.formats)
  .option('--income-line <yuan>', '收入监测线（元/人/年） / income line', integer('--income-line', 1000, 100000), DEFAULTS.incomeLine)
  .option('--boundaries <dir>', '真实边界目录（villages/towns/counties.geojson） / real boundaries')
  .addOption(new Option('--layout <layout>', '文件写法：codes 行政村代码/元/是否；names 按乡镇习惯（村名、万元、√×、.xls）；mixed 部分乡镇按names / spelling of the files').choices(LAYOUTS as string[]).default(DEFAULTS.layout))
  .option('--layout-share <share>', 'mixed 时按 names 写法的乡镇比例 / share of names towns in mixed', share, DEFAULTS.layoutShare)
  .option('--county-funds', '同时生成县级资金项目（非 codes 写法默认生成；codes 加此项即与 names 为同一数据） / plan county-level fund projects')
  .option('--no-county-funds', '不生成县级资金项目 / no county-level fund projects')
  .option('--households <n>', '市级规模的总户数（默认25万户；65万户约2,000个村） / city scale: total households', integer('--households', 10_000, 5_000_000))
  .option('--quiet', '只输出结果和错误，不逐月打印 / print only the result and errors');

program.parse(npmArgs(program), { from: 'user' });
const opts = program.opts<{
  scale: Scale; months: number; seed: number; out: string; dirt: number; start: string; formats: FileFormat[]; incomeLine: number; boundaries?: string; quiet?: boolean;
  layout: Layout; layoutShare: number; countyFunds?: boolean; households?: number;
}>();
if (opts.households !== undefined && opts.scale !== 'city') throw new InvalidArgumentError('--households 只用于 --scale city / --households is for the city scale');

const options: GenerateOptions = {
  scale: opts.scale,
  months: opts.months,
  seed: opts.seed,
  out: path.resolve(opts.out),
  dirt: opts.dirt,
  start: opts.start,
  formats: opts.formats,
  incomeLine: opts.incomeLine,
  layout: opts.layout,
  layoutShare: opts.layoutShare,
  ...(opts.countyFunds === undefined ? {} : { countyFunds: opts.countyFunds }),
  ...(opts.households === undefined ? {} : { households: opts.households }),
  ...(opts.boundaries ? { boundaries: path.resolve(opts.boundaries) } : {}),
  log: opts.quiet ? () => {} : (line) => console.log(line),
};

const t0 = performance.now();
try {
  const manifest = options.scale === 'province' ? await generateProvince(options) : await generateCampaign(options);
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  console.log(
    `完成 / done: ${manifest.files.length} 个文件, ${(bytes / 1e6).toFixed(1)} MB, 脏数据 ${Object.values(manifest.dirtByKind).reduce((a, b) => a + b, 0)} 处, ` +
      `${((performance.now() - t0) / 1000).toFixed(1)}s → ${options.out}`,
  );
} catch (error) {
  console.error(`生成失败 / generation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
