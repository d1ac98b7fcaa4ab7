/**
 * Site build benchmark (a script, not a test): builds the town site and a county site in one run
 * with scripts/build-site.ts, and prints for each the build time (and its parts), the seconds per
 * prerendered page, build/ size, and what the home page and a village page cost in Chromium
 * (bytes transferred, first contentful paint); then the county/town ratio and an extrapolation to
 * a city (≈2,000 villages) and a province (≈30,000) from the measured parts.
 *
 *   npm run bench:site -- [--town-warehouse F] [--county-dir DIR] [--out DIR]
 *
 * The town site reads warehouse/campaign.duckdb (npm run demo). The county campaign is generated,
 * loaded and modelled into --county-dir on first use (about 3 minutes) and reused afterwards.
 * Each build is moved to <out>/<name>/build; build/ is left holding the town build.
 */
import '../core/cli-errors.ts';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { chromium } from 'playwright-core';
import { config, ROOT } from '../core/config.ts';
import { npmArgs } from '../core/npm-args.ts';
import { Warehouse } from '../core/warehouse.ts';
import { BROWSER_ARGS, requireBrowser } from '../core/browser.ts';
import { measurePage, type PageCost } from './measure-page.ts';
import { startSiteServer } from './serve-site.ts';

const program = new Command()
  .name('npm run bench:site --')
  .option('--town-warehouse <file>', '乡级演示仓库', config.warehousePath)
  .option('--town-geo <dir>', '乡级边界', path.join(ROOT, 'data', 'demo', 'geo'))
  .option('--county-dir <dir>', '县级演示数据与仓库（没有则生成）', path.join(ROOT, 'out', 'bench-site', 'county-data'))
  .option('--out <dir>', '各次构建移到此处', path.join(ROOT, 'out', 'bench-site'));
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ townWarehouse: string; townGeo: string; countyDir: string; out: string }>();

const log = (s: string) => console.log(`[bench:site] ${s}`);
const secs = (ms: number) => (ms / 1000).toFixed(1);
const mb = (n: number) => (n / 1e6).toFixed(1);

/**
 * CPU seconds used so far by this process's finished (reaped) children and their descendants
 * (/proc/self/stat cutime + cstime). On a shared 2-core machine wall time depends on the other
 * users; CPU time is what the build itself costs.
 */
function childCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in USER_HZ (100)
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const relay = (d: Buffer) => {
      out += d.toString();
      // progress: only our own build-site lines, not Evidence's per-page chatter
      for (const line of d.toString().split('\n')) if (/^\[(build-site|compress-site)\]/.test(line)) console.log(`  ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} 失败（退出码 ${code}）\n${out.slice(-3000)}`))));
  });
}

async function ensureCounty(): Promise<{ warehouse: string; geo: string }> {
  const dir = path.resolve(opts.countyDir);
  const warehouse = path.join(dir, 'campaign.duckdb');
  const data = path.join(dir, 'data');
  if (fs.existsSync(warehouse)) return { warehouse, geo: path.join(data, 'geo') };
  log(`生成县级演示数据 → ${data}（首次，约3分钟）`);
  fs.mkdirSync(dir, { recursive: true });
  const env = { CAMPAIGN_WAREHOUSE: warehouse };
  await run('npm', ['run', '-s', 'generate', '--', '--scale', 'county', '--months', '12', '--seed', '1', '--out', data, '--quiet'], env);
  await run('npm', ['run', '-s', 'load', '--', data, '--quiet'], env);
  await run('npm', ['run', '-s', 'models'], env);
  return { warehouse, geo: path.join(data, 'geo') };
}

function dirBytes(dir: string, filter: (f: string) => boolean = () => true): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(full, filter);
    else if (filter(full)) total += fs.statSync(full).size;
  }
  return total;
}

interface Result {
  name: string;
  villages: number;
  towns: number;
  counties: number;
  totalMs: number;
  cpuSeconds: number;
  parts: { sources: number; build: number; privacy: number };
  prerendered: number;
  bytes: number;
  bytesUncompressed: number;
  home: PageCost;
  village: PageCost;
}

async function areaCounts(warehouse: string) {
  const wh = await Warehouse.open(warehouse, { readOnly: true });
  try {
    const r = await wh.one<{ villages: number; towns: number; counties: number; village: string }>(
      `select count(*) filter (where area_level = 'village')::integer as villages, count(*) filter (where area_level = 'town')::integer as towns,
         count(*) filter (where area_level = 'county')::integer as counties, min(area_code) filter (where area_level = 'village') as village
       from marts.mart_area`,
    );
    return r;
  } finally {
    wh.close();
  }
}

async function bench(name: string, warehouse: string, geo: string): Promise<Result> {
  const counts = await areaCounts(warehouse);
  log(`${name}：${counts.counties}个县市区、${counts.towns}个乡镇、${counts.villages}个行政村；构建网站……`);
  const started = Date.now();
  const cpuBefore = childCpuSeconds();
  const out = await run(process.execPath, ['--import', 'tsx', path.join('scripts', 'build-site.ts'), '--warehouse', warehouse, '--geo', geo]);
  const totalMs = Date.now() - started;
  const cpuSeconds = childCpuSeconds() - cpuBefore;
  const done = /取数 (\d+) 秒、构建 (\d+) 秒、个人信息检查 (\d+) 秒/.exec(out);
  const parts = { sources: Number(done?.[1] ?? NaN), build: Number(done?.[2] ?? NaN), privacy: Number(done?.[3] ?? NaN) };
  const target = path.join(path.resolve(opts.out), name, 'build');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(path.join(ROOT, 'build'), target);
  const prerendered = (fs.readdirSync(target, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'index.html').length;
  const bytes = dirBytes(target);
  const bytesUncompressed = dirBytes(target, (f) => !/\.(br|gz)$/.test(f));

  const server = await startSiteServer({ root: target, port: 0 });
  const browser = await chromium.launch({ executablePath: requireBrowser(), args: BROWSER_ARGS });
  try {
    const home = await measurePage(browser, `${server.url}/`, 'figure.choropleth svg');
    const village = await measurePage(browser, `${server.url}/village/${counts.village}/`, '[data-drawn="true"]');
    return { name, ...counts, totalMs, cpuSeconds, parts, prerendered, bytes, bytesUncompressed, home, village };
  } finally {
    await browser.close();
    await server.close();
  }
}

function report(r: Result) {
  console.log(`\n${r.name}（${r.villages}个村，预渲染 ${r.prerendered} 页，另 ${r.villages} 个村页在浏览器中绘制）`);
  console.log(`  构建用时          ${secs(r.totalMs)} 秒（取数 ${r.parts.sources} 秒、Evidence 构建与压缩 ${r.parts.build} 秒、个人信息检查 ${r.parts.privacy} 秒）；CPU ${r.cpuSeconds.toFixed(0)} 秒`);
  console.log(`  每页              ${(r.totalMs / 1000 / r.prerendered).toFixed(2)} 秒/预渲染页；${(r.totalMs / 1000 / (r.prerendered + r.villages)).toFixed(2)} 秒/页（含村页）`);
  console.log(`  build/ 大小       ${mb(r.bytes)} MB（其中预压缩 .br/.gz ${mb(r.bytes - r.bytesUncompressed)} MB）`);
  for (const [label, c] of [['首页', r.home], ['村页', r.village]] as const) {
    console.log(`  ${label}传输量        ${mb(c.transferBytes)} MB，${c.requests} 个请求（最大：${path.basename(c.largest.url)} ${mb(c.largest.bytes)} MB）；首次内容绘制 ${c.firstContentfulPaintMs} 毫秒，绘制完成 ${secs(c.drawnMs)} 秒`);
  }
}

const town = await bench('town', path.resolve(opts.townWarehouse), path.resolve(opts.townGeo));
report(town);
const countyInput = await ensureCounty();
const county = await bench('county', countyInput.warehouse, countyInput.geo);
report(county);
// leave build/ holding the town site, as npm run demo does
fs.cpSync(path.join(path.resolve(opts.out), 'town', 'build'), path.join(ROOT, 'build'), { recursive: true });

const ratio = county.totalMs / town.totalMs;
console.log(`\n县/乡构建用时之比  ${ratio.toFixed(2)}×（目标 ≤ 1.5×）；CPU 秒之比 ${(county.cpuSeconds / town.cpuSeconds).toFixed(2)}×`);

// Extrapolation from the measured parts. Prerendered pages grow only with counties (villages and
// towns are drawn in the browser from 200.html); 取数 and the privacy check grow with the data,
// i.e. with the villages. Wall seconds, scaled by the CPU share when the machine was shared.
const perPage = county.parts.build / county.prerendered; // an upper bound: it includes Vite's fixed compile
const perVillage = Math.max(0, (county.parts.sources + county.parts.privacy - town.parts.sources - town.parts.privacy) / (county.villages - town.villages));
const estimate = (villages: number, counties: number) =>
  county.totalMs / 1000 + (counties - county.counties) * perPage + (villages - county.villages) * perVillage;
const city = estimate(2000, 9);
const province = estimate(30000, 122);
console.log(`外推（每多一个县市区页 ≤ ${perPage.toFixed(1)} 秒，取数与个人信息检查每多一个村 ${(perVillage * 1000).toFixed(0)} 毫秒）：`);
console.log(`  市（约2,000个村、9个县市区）   约 ${(city / 60).toFixed(1)} 分钟`);
console.log(`  省（约30,000个村、122个县市区）约 ${(province / 60).toFixed(1)} 分钟`);
