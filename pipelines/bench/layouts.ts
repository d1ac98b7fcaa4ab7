/**
 * One month of a campaign written in the `mixed` layout (some towns' files name their villages,
 * write 万元, synonyms, √/×, full-width digits, .xls …) next to the same month written in the
 * `codes` layout (same seed: the same households, issues and funds): rows read, loaded, warned
 * and rejected, and the load time of each. A script that prints figures, not a test.
 *   npm run bench:layouts -- [--scale county] [--month 2024-06] [--seed 1] [--rounds 3] [--share 0.5] [--dirt 0.005]
 * As an office loads it: the months before are already in the warehouse (loaded once, untimed, into
 * a copy per round), so villages named in a file are found in the warehouse's own register even
 * when this month's village file refuses a village's row. `--fresh` loads the month alone into an
 * empty warehouse instead. Rounds alternate the layouts, so a busy moment of the machine does not
 * fall on one layout only; times are wall clock and CPU seconds of the month's load.
 */
import '../../core/cli-errors.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { formatInt } from '../../core/format.ts';
import { npmArgs } from '../../core/npm-args.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { DEFAULTS, generateCampaign } from '../generate/campaign.ts';
import { SCALES, type Scale } from '../generate/places.ts';
import { loadPaths } from '../load.ts';

const program = new Command()
  .addOption(new Option('--scale <scale>', '规模').choices(SCALES.filter((s) => s !== 'province')).default('county'))
  .option('--month <month>', '比较的月份', '2024-06')
  .option('--seed <n>', '随机种子', '1')
  .option('--rounds <n>', '轮数：每轮两种写法各加载一次', '3')
  .option('--share <share>', 'mixed 中按 names 写法的乡镇比例', String(DEFAULTS.layoutShare))
  .option('--dirt <rate>', '脏数据比例', String(DEFAULTS.dirt))
  .option('--fresh', '只把该月加载进空仓库（不先加载之前的月份）')
  .option('--dir <dir>', '工作目录', path.join(os.tmpdir(), 'campaign-bench-layouts'));
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{
  scale: Scale; month: string; seed: string; rounds: string; share: string; dirt: string; dir: string; fresh?: boolean;
}>();

const LAYOUTS = ['codes', 'mixed'] as const;
type Measured = (typeof LAYOUTS)[number];
const LABEL: Record<Measured, string> = { codes: 'codes（行政村代码、元）', mixed: 'mixed（部分乡镇按名称、万元……）' };

const m = /^(\d{4})-(\d{2})$/.exec(opts.month);
if (!m) throw new Error(`--month 应为 YYYY-MM：${opts.month}`);
const months = Number(m[2]);
const start = `${m[1]}-01`;

interface Counts {
  files: number;
  read: number;
  loaded: number;
  warned: number;
  rejected: number;
  failed: number;
}

const baseOf = (layout: Measured) => path.join(opts.dir, `${layout}-before.duckdb`);

/** The months before the measured one, loaded once per layout; each round starts from a copy. */
async function loadBefore(layout: Measured): Promise<void> {
  const db = baseOf(layout);
  fs.rmSync(db, { force: true });
  const wh = await Warehouse.open(db);
  try {
    const earlier = fs.readdirSync(path.join(opts.dir, layout)).filter((d) => /^\d{4}-\d{2}$/.test(d) && d < opts.month).sort();
    for (const month of earlier) await loadPaths(wh, [path.join(opts.dir, layout, month)]);
    await wh.run('checkpoint');
  } finally {
    wh.close();
  }
}

async function loadOnce(layout: Measured, round: number): Promise<{ counts: Counts; wall: number; cpu: number }> {
  const db = path.join(opts.dir, `${layout}-${round}.duckdb`);
  fs.rmSync(db, { force: true });
  if (!opts.fresh) fs.copyFileSync(baseOf(layout), db);
  const wh = await Warehouse.open(db);
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await loadPaths(wh, [path.join(opts.dir, layout, opts.month)]);
    const wall = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    const sum = (k: 'read' | 'loaded' | 'warned' | 'rejected') => results.reduce((n, r) => n + r[k], 0);
    const counts = {
      files: results.length, read: sum('read'), loaded: sum('loaded'), warned: sum('warned'), rejected: sum('rejected'),
      failed: results.filter((r) => r.status === 'failed').length,
    };
    return { counts, wall, cpu: (used.user + used.system) / 1e6 };
  } finally {
    wh.close();
    fs.rmSync(db, { force: true });
    fs.rmSync(`${db}.wal`, { force: true });
  }
}

fs.mkdirSync(opts.dir, { recursive: true });
console.log(`生成 ${opts.scale} 规模、${start} 起 ${months} 个月（seed ${opts.seed}），两种写法 → ${opts.dir}`);
for (const layout of LAYOUTS) {
  const t0 = performance.now();
  await generateCampaign({
    ...DEFAULTS, scale: opts.scale, months, seed: Number(opts.seed), start, dirt: Number(opts.dirt), out: path.join(opts.dir, layout),
    layout, layoutShare: Number(opts.share), countyFunds: true,
  });
  console.log(`  ${layout}: ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
  if (!opts.fresh) {
    const t1 = performance.now();
    await loadBefore(layout);
    console.log(`  ${layout}: 先加载 ${opts.month} 之前的月份 ${((performance.now() - t1) / 1000).toFixed(1)} 秒（不计时）`);
  }
}

const times: Record<Measured, { wall: number[]; cpu: number[] }> = { codes: { wall: [], cpu: [] }, mixed: { wall: [], cpu: [] } };
const counts = {} as Record<Measured, Counts>;
const rounds = Number(opts.rounds);
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? LAYOUTS : [...LAYOUTS].reverse();
  const line: string[] = [];
  for (const layout of order) {
    const r = await loadOnce(layout, round);
    counts[layout] = r.counts;
    times[layout].wall.push(r.wall);
    times[layout].cpu.push(r.cpu);
    line.push(`${layout} ${r.wall.toFixed(2)} 秒（CPU ${r.cpu.toFixed(1)} 秒）`);
  }
  console.log(`第${round}轮：${line.join('，')}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`\n${opts.month}，${opts.scale} 规模（${opts.fresh ? '新建的空仓库' : '仓库中已有之前各月'}，加载该月全部文件；${rounds} 轮的中位数）：`);
console.log('| 写法 | 文件 | 读取 | 加载 | 其中警告 | 拒收 | 失败文件 | 加载用时 | CPU |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const layout of LAYOUTS) {
  const c = counts[layout];
  console.log(
    `| ${LABEL[layout]} | ${c.files} | ${formatInt(c.read)} | ${formatInt(c.loaded)} | ${formatInt(c.warned)} | ${formatInt(c.rejected)} | ${c.failed} | ` +
      `${median(times[layout].wall).toFixed(2)} 秒 | ${median(times[layout].cpu).toFixed(1)} 秒 |`,
  );
}
console.log(`mixed / codes 用时之比：${(median(times.mixed.wall) / median(times.codes.wall)).toFixed(2)}×（CPU ${(median(times.mixed.cpu) / median(times.codes.cpu)).toFixed(2)}×）`);
