/**
 * Site build benchmark (a script, not a test): builds the town site, a county site and, with
 * --city, a city site (≈2,000 villages) in one run with scripts/build-site.ts, and prints for each
 * the build time (and its parts, the privacy check among them), CPU seconds, the seconds per page,
 * the size of the site folder, and what the home page and a village page cost in Chromium (bytes
 * transferred, first contentful paint, until drawn); then the county/town ratio and the province
 * (≈30,000 villages) extrapolated from the measured parts.
 *
 *   npm run bench:site -- [--city] [--only county,city] [--town-warehouse F] [--county-dir DIR] [--city-dir DIR] [--out DIR]
 *
 * The town site reads warehouse/campaign.duckdb (npm run demo). The county campaign (湘潭县, 309
 * villages) and the city campaign (湘潭市 grown to 660,000 households, ≈1,980 villages:
 * `npm run generate -- --scale city --households 660000`) are generated, loaded and modelled into
 * their folders on first use (a county about 2 minutes, the city about 10) and reused afterwards.
 * Each site is built straight into <out>/<name>/build (build-site --out); build/ is left alone.
 * The machine is shared: each measurement prints the load average (uptime) before and after.
 */
import '../core/cli-errors.ts';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
  .option('--city', '另构建市级网站（约2,000个村；首次生成、加载约10分钟）')
  .option('--only <names>', '只构建其中几个：town,county,city')
  .option('--town-warehouse <file>', '乡级演示仓库', config.warehousePath)
  .option('--town-geo <dir>', '乡级边界', path.join(ROOT, 'data', 'demo', 'geo'))
  .option('--county-dir <dir>', '县级演示数据与仓库（没有则生成）', path.join(ROOT, 'out', 'bench-site', 'county-data'))
  .option('--city-dir <dir>', '市级演示数据与仓库（没有则生成）', path.join(ROOT, 'out', 'bench-site', 'city-data'))
  .option('--out <dir>', '各次构建的输出文件夹', path.join(ROOT, 'out', 'bench-site'));
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{
  city?: boolean; only?: string; townWarehouse: string; townGeo: string; countyDir: string; cityDir: string; out: string;
}>();

const log = (s: string) => console.log(`[bench:site] ${s}`);
const secs = (ms: number) => (ms / 1000).toFixed(1);
const mb = (n: number) => (n / 1e6).toFixed(1);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

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
      // progress: only our own lines, not Evidence's per-page chatter
      for (const line of d.toString().split('\n')) if (/^\[(build-site|compress-site|privacy)\]|^(完成|【)/.test(line)) console.log(`  ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} 失败（退出码 ${code}）\n${out.slice(-3000)}`))));
  });
}

/** A generated campaign, loaded and modelled into `dir` (once; reused while its warehouse exists). */
async function ensureCampaign(dir: string, scale: 'county' | 'city', extra: string[]): Promise<{ warehouse: string; geo: string }> {
  dir = path.resolve(dir);
  const warehouse = path.join(dir, 'campaign.duckdb');
  const data = path.join(dir, 'data');
  if (fs.existsSync(warehouse)) return { warehouse, geo: path.join(data, 'geo') };
  log(`生成${scale === 'city' ? '市' : '县'}级演示数据 → ${data}（首次）`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // built aside and renamed at the end, so a run stopped halfway is not taken for a finished one
  const env = { CAMPAIGN_WAREHOUSE: `${warehouse}.writing` };
  const started = Date.now();
  await run('npm', ['run', '-s', 'generate', '--', '--scale', scale, ...extra, '--months', '12', '--seed', '1', '--formats', 'csv', '--out', data, '--quiet'], env);
  log(`  生成 ${secs(Date.now() - started)} 秒`);
  await run('npm', ['run', '-s', 'load', '--', data, '--quiet'], env);
  log(`  加载 ${secs(Date.now() - started)} 秒`);
  await run('npm', ['run', '-s', 'models'], env);
  log(`  模型 ${secs(Date.now() - started)} 秒`);
  fs.renameSync(`${warehouse}.writing`, warehouse);
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
  loadBefore: string;
  loadAfter: string;
  prerendered: number;
  bytes: number;
  bytesUncompressed: number;
  home: PageCost;
  village: PageCost;
}

async function areaCounts(warehouse: string) {
  const wh = await Warehouse.open(warehouse, { readOnly: true });
  try {
    return await wh.one<{ villages: number; towns: number; counties: number; village: string }>(
      `select count(*) filter (where area_level = 'village')::integer as villages, count(*) filter (where area_level = 'town')::integer as towns,
         count(*) filter (where area_level = 'county')::integer as counties, min(area_code) filter (where area_level = 'village') as village
       from marts.mart_area`,
    );
  } finally {
    wh.close();
  }
}

async function bench(name: string, warehouse: string, geo: string): Promise<Result> {
  const counts = await areaCounts(warehouse);
  const target = path.join(path.resolve(opts.out), name, 'build');
  log(`${name}：${counts.counties}个县市区、${counts.towns}个乡镇、${counts.villages}个行政村；构建网站 → ${path.relative(ROOT, target)}（负载 ${load()}）……`);
  const loadBefore = load();
  const started = Date.now();
  const cpuBefore = childCpuSeconds();
  const out = await run(process.execPath, ['--import', 'tsx', path.join('scripts', 'build-site.ts'), '--warehouse', warehouse, '--geo', geo, '--out', target]);
  const totalMs = Date.now() - started;
  const cpuSeconds = childCpuSeconds() - cpuBefore;
  const loadAfter = load();
  const done = /取数 (\d+) 秒、构建 (\d+) 秒、个人信息检查 (\d+) 秒/.exec(out);
  const parts = { sources: Number(done?.[1] ?? NaN), build: Number(done?.[2] ?? NaN), privacy: Number(done?.[3] ?? NaN) };
  const prerendered = (fs.readdirSync(target, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'index.html').length;
  const bytes = dirBytes(target);
  const bytesUncompressed = dirBytes(target, (f) => !/\.(br|gz)$/.test(f));

  const server = await startSiteServer({ root: target, port: 0 });
  const browser = await chromium.launch({ executablePath: requireBrowser(), args: BROWSER_ARGS });
  try {
    const home = await measurePage(browser, `${server.url}/`, 'figure.choropleth svg');
    const village = await measurePage(browser, `${server.url}/village/${counts.village}/`, '[data-drawn="true"]');
    return { name, ...counts, totalMs, cpuSeconds, parts, loadBefore, loadAfter, prerendered, bytes, bytesUncompressed, home, village };
  } finally {
    await browser.close();
    await server.close();
  }
}

function report(r: Result) {
  const drawn = r.villages + r.towns;
  console.log(`\n${r.name}（${r.counties}个县市区、${r.towns}个乡镇、${r.villages}个村；预渲染 ${r.prerendered} 页，另 ${drawn} 个村、乡镇页由 200.html 在浏览器中绘制）`);
  console.log(`  构建用时          ${secs(r.totalMs)} 秒（取数 ${r.parts.sources} 秒、Evidence 构建与压缩 ${r.parts.build} 秒、个人信息检查 ${r.parts.privacy} 秒）；CPU ${r.cpuSeconds.toFixed(0)} 秒`);
  console.log(`  负载（uptime）     构建前 ${r.loadBefore}，构建后 ${r.loadAfter}`);
  console.log(`  每页              ${(r.totalMs / 1000 / r.prerendered).toFixed(2)} 秒/预渲染页；${(r.totalMs / 1000 / (r.prerendered + drawn)).toFixed(3)} 秒/页（含村、乡镇页）`);
  console.log(`  网站大小          ${mb(r.bytes)} MB（其中预压缩 .br/.gz ${mb(r.bytes - r.bytesUncompressed)} MB）`);
  for (const [label, c] of [['首页', r.home], ['村页', r.village]] as const) {
    console.log(`  ${label}传输量        ${mb(c.transferBytes)} MB，${c.requests} 个请求（最大：${path.basename(c.largest.url)} ${mb(c.largest.bytes)} MB）；首次内容绘制 ${c.firstContentfulPaintMs} 毫秒，绘制完成 ${secs(c.drawnMs)} 秒`);
  }
}

const wanted = new Set(opts.only ? opts.only.split(',').map((s) => s.trim()) : ['town', 'county', ...(opts.city ? ['city'] : [])]);
const results = new Map<string, Result>();
if (wanted.has('town')) {
  results.set('town', await bench('town', path.resolve(opts.townWarehouse), path.resolve(opts.townGeo)));
  report(results.get('town')!);
}
if (wanted.has('county')) {
  const c = await ensureCampaign(opts.countyDir, 'county', []);
  results.set('county', await bench('county', c.warehouse, c.geo));
  report(results.get('county')!);
}
if (wanted.has('city')) {
  const c = await ensureCampaign(opts.cityDir, 'city', ['--households', '660000']);
  results.set('city', await bench('city', c.warehouse, c.geo));
  report(results.get('city')!);
}

const town = results.get('town');
const county = results.get('county');
const city = results.get('city');
if (town && county) {
  console.log(`\n县/乡构建用时之比  ${(county.totalMs / town.totalMs).toFixed(2)}×（目标 ≤ 1.5×）；CPU 秒之比 ${(county.cpuSeconds / town.cpuSeconds).toFixed(2)}×`);
}
if (city) console.log(`市级构建用时      ${secs(city.totalMs)} 秒 = ${(city.totalMs / 60000).toFixed(1)} 分钟（目标 < 6 分钟）；CPU ${city.cpuSeconds.toFixed(0)} 秒`);

// The province from the two largest measured builds: prerendered pages grow only with the counties
// (villages and towns are drawn in the browser from 200.html); 取数 and the privacy check grow
// with the data, i.e. with the villages. Wall seconds of this run, on a shared machine.
const [small, large] = [town, county, city].filter((r): r is Result => !!r).slice(-2);
if (small && large && large.villages > small.villages) {
  const perVillage = Math.max(0, (large.parts.sources + large.parts.privacy - small.parts.sources - small.parts.privacy) / (large.villages - small.villages));
  const perCounty = large.counties > small.counties ? Math.max(0, (large.parts.build - small.parts.build) / (large.counties - small.counties)) : large.parts.build / large.prerendered;
  const province = large.totalMs / 1000 + (122 - large.counties) * perCounty + (30000 - large.villages) * perVillage;
  console.log(
    `外推（${small.name}→${large.name}：每多一个村取数与个人信息检查 ${(perVillage * 1000).toFixed(1)} 毫秒，每多一个县市区 ${perCounty.toFixed(1)} 秒）：` +
      `省（约30,000个村、122个县市区）约 ${(province / 60).toFixed(1)} 分钟`,
  );
}
