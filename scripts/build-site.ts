/**
 * Builds the Evidence report site (reports/, through the pages -> reports link) fully offline, on
 * any system with Node (no bash). Lives in scripts/, not reports/: everything under pages/ is
 * copied into the SvelteKit routes. The steps, each a function below:
 *   1. checkSetup      node_modules, the patches (patches/, applied by npm's postinstall), the
 *                      warehouse, the pages link (recreated when a checkout has no symlinks)
 *   2. stageGeo        <geo>/{villages,towns,counties}.geojson -> static/geo/ (ignored by git;
 *                      Evidence copies static/ into the site)
 *   3. runSources      evidence sources --strict: runs sources/warehouse/*.sql against the
 *                      warehouse and writes parquet to .evidence/template/static/data (everything
 *                      selected is PUBLISHED); then writes empty parquet for sources with no rows
 *   4. runEvidenceBuild evidence build:strict into a temporary folder (.build-staging/); fails if
 *                      any page query logs "Error in Query!" (Evidence itself still exits 0)
 *   5. checkPrivacy    scripts/check-privacy.ts on that folder: fails if any personal value from
 *                      the warehouse's raw tables (ID number, phone, 户编号, names) is in it
 *   6. publish         moves the checked folder to build/. A failed step leaves no build/.
 *
 * Usage: npm run build -- [--warehouse FILE] [--geo DIR]
 *   --warehouse  DuckDB warehouse to publish (default: $CAMPAIGN_WAREHOUSE or warehouse/campaign.duckdb)
 *   --geo        folder with villages/towns/counties.geojson (default: data/demo/geo)
 *   env SITE_TIMEOUT=seconds per step (default 7200: a county site takes ~15 min (913 s measured);
 *   the limit only guards against a hang, e.g. DuckDB-WASM trying to download an extension offline)
 */
import '../core/cli-errors.ts';
import fs from 'node:fs';
import { compressSite } from './compress-site.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { config, ROOT } from '../core/config.ts';
import { npmArgs } from '../core/npm-args.ts';
import { filesUnder, formatBytes, sizeOf } from './lib/files.ts';
import { run, runTs } from './lib/run.ts';

const log = (text: string) => console.log(`[build-site] ${text}`);
const warn = (text: string) => console.warn(`[build-site] ${text}`);

export const BUILD_DIR = path.join(ROOT, 'build');
const STAGING_DIR = path.join(ROOT, '.build-staging');
const DATA_DIR = path.join(ROOT, '.evidence', 'template', 'static', 'data');
const GEO_LAYERS = ['villages', 'towns', 'counties'] as const;

interface Options {
  warehouse: string;
  geo: string;
  timeoutSeconds: number;
}

/** Evidence's CLI, run with this Node (works where node_modules/.bin holds only .cmd shims). */
function evidence(args: string[], options: Options, env: NodeJS.ProcessEnv, onLine?: (line: string) => void) {
  const cli = path.join(ROOT, 'node_modules', '@evidence-dev', 'evidence', 'cli.js');
  return run(process.execPath, [cli, ...args], { env, timeoutSeconds: options.timeoutSeconds, onLine });
}

function checkResult(step: string, result: { code: number; timedOut: boolean }, options: Options): void {
  if (result.timedOut) {
    throw new Error(`${step} 超过 ${options.timeoutSeconds} 秒未完成，已停止（可用 SITE_TIMEOUT=秒数 放宽）`);
  }
  if (result.code !== 0) throw new Error(`${step} 失败（退出码 ${result.code}），见上方输出`);
}

const hasPatch = (file: string) => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('campaign-analytics patch');

/** 1. Everything the build needs is in place. */
export function checkSetup(options: Options): void {
  const evidenceDir = path.join(ROOT, 'node_modules', '@evidence-dev');
  if (!fs.existsSync(path.join(evidenceDir, 'evidence', 'cli.js'))) throw new Error('缺少 node_modules：请先运行 npm ci');
  if (!hasPatch(path.join(evidenceDir, 'universal-sql', 'src', 'client-duckdb', 'node.js')) || !hasPatch(path.join(evidenceDir, 'evidence', 'cli.js'))) {
    throw new Error('Evidence 补丁未应用：请运行 npx patch-package');
  }
  if (!fs.existsSync(options.warehouse)) throw new Error(`数据仓库 ${options.warehouse} 不存在：请先建仓（npm run demo）`);
  ensurePagesLink();
}

/**
 * Evidence reads pages only from ./pages, which git keeps as a link to reports/. A checkout
 * without symlinks (Windows by default, a copy through a FAT-formatted USB stick) has a small
 * text file or nothing there: make the link again (a junction on Windows needs no admin rights).
 */
export function ensurePagesLink(root = ROOT): void {
  const pages = path.join(root, 'pages');
  const stat = fs.lstatSync(pages, { throwIfNoEntry: false });
  if (stat && fs.statSync(pages, { throwIfNoEntry: false })?.isDirectory()) return;
  if (stat) fs.rmSync(pages, { force: true });
  fs.symlinkSync(path.join(root, 'reports'), pages, 'junction');
  log(`已重建 pages → reports 链接`);
}

/** 2. Map boundaries into static/geo/. */
export function stageGeo(options: Options): void {
  const target = path.join(ROOT, 'static', 'geo');
  fs.mkdirSync(target, { recursive: true });
  for (const f of fs.readdirSync(target)) if (f.endsWith('.geojson')) fs.rmSync(path.join(target, f));
  if (!fs.existsSync(options.geo)) {
    warn(`警告：边界文件夹 ${options.geo} 不存在，地图将显示提示`);
    return;
  }
  let bytes = 0;
  for (const layer of GEO_LAYERS) {
    const source = path.join(options.geo, `${layer}.geojson`);
    if (!fs.existsSync(source)) {
      warn(`警告：缺少 ${source}，该层地图将显示提示`);
      continue;
    }
    fs.copyFileSync(source, path.join(target, `${layer}.geojson`));
    bytes += fs.statSync(source).size;
  }
  log(`地图边界：${options.geo}（${formatBytes(bytes)}）`);
}

/** 3. Source queries → parquet, then empty parquet for sources with no rows. */
export async function runSources(options: Options, env: NodeJS.ProcessEnv): Promise<void> {
  // A failed `evidence sources` run leaves an empty query-cache manifest, and every later run then
  // dies with "Unexpected end of JSON input". Drop it if empty.
  const hashes = path.join(ROOT, '.evidence', 'meta', 'query-cache', 'hashes.json');
  if (fs.existsSync(hashes) && fs.statSync(hashes).size === 0) {
    log(`删除空的 ${path.relative(ROOT, hashes)}`);
    fs.rmSync(hashes);
  }
  log('evidence sources --strict（取数）');
  checkResult('evidence sources', await evidence(['sources', '--strict'], options, env), options);
  checkResult('补写空数据源', await runTs(path.join('scripts', 'site-empty-sources.ts'), [DATA_DIR]), options);
  if (!fs.existsSync(path.join(DATA_DIR, 'manifest.json'))) throw new Error(`evidence sources 之后缺少 ${path.join(DATA_DIR, 'manifest.json')}`);
}

/** 4. The static site, built into `out` (not build/). */
export async function runEvidenceBuild(options: Options, env: NodeJS.ProcessEnv, out: string): Promise<void> {
  log('evidence build:strict（逐页预渲染）');
  // build:strict in Evidence 40.1.8 still exits 0 when a page query fails (it only logs
  // "Error in Query!"), so scan the output and fail ourselves.
  const queryErrors = new Set<string>();
  const result = await evidence(['build:strict'], options, { ...env, CAMPAIGN_SITE_OUT: out }, (line) => {
    if (line.includes('Error in Query')) queryErrors.add(line.trim());
  });
  checkResult('evidence build', result, options);
  if (queryErrors.size > 0) {
    for (const line of [...queryErrors].sort()) console.error(line);
    throw new Error(`构建时有 ${queryErrors.size} 条页面查询出错（见上方 Error in Query）`);
  }
  if (!fs.existsSync(path.join(out, 'index.html'))) throw new Error(`构建结果缺少 index.html（${out}）`);
}

/** 5. No personal value from the warehouse anywhere in the built site (scripts/check-privacy.ts). */
export async function checkPrivacy(options: Options, dir: string): Promise<void> {
  log('个人信息检查');
  const result = await runTs(path.join('scripts', 'check-privacy.ts'), ['--warehouse', options.warehouse, dir], { timeoutSeconds: options.timeoutSeconds });
  checkResult('个人信息检查', result, options);
}

/** 6. The checked site becomes build/. */
export function publish(staging: string): void {
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  fs.renameSync(staging, BUILD_DIR);
}

function siteStats(dir: string): { pages: number; bytes: number } {
  const files = filesUnder(dir);
  return { pages: files.filter((f) => path.posix.basename(f) === 'index.html').length, bytes: sizeOf(dir) };
}

export async function buildSite(options: Options): Promise<void> {
  const started = performance.now();
  const secondsSince = (t: number) => Math.round((performance.now() - t) / 1000);
  checkSetup(options);
  // @evidence-dev/duckdb joins `filename` onto the source folder (absolute paths break), so point
  // the source at the chosen warehouse with a path relative to sources/warehouse/.
  const warehouse = fs.realpathSync(options.warehouse);
  const relative = path.relative(path.join(ROOT, 'sources', 'warehouse'), warehouse);
  if (path.isAbsolute(relative)) throw new Error(`数据仓库 ${warehouse} 须与项目在同一磁盘上`);
  const env = { ...process.env, EVIDENCE_SOURCE__warehouse__filename: relative };
  log(`数据仓库：${warehouse}`);
  options = { ...options, warehouse };

  stageGeo(options);
  await runSources(options, env);
  const sourcesDone = performance.now();

  // Nothing unchecked ever sits in build/: the old site goes now, the new one is built aside.
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  fs.rmSync(STAGING_DIR, { recursive: true, force: true });
  try {
    await runEvidenceBuild(options, env, STAGING_DIR);
    // Brotli and gzip beside each asset (npm run preview serves them); the privacy check then
    // reads the site as it will be served, every original next to its compressed forms.
    await compressSite(STAGING_DIR);
    const built = performance.now();
    await checkPrivacy(options, STAGING_DIR);
    publish(STAGING_DIR);
    const site = siteStats(BUILD_DIR);
    log(
      `完成，用时 ${secondsSince(started)} 秒（取数 ${Math.round((sourcesDone - started) / 1000)} 秒、构建 ${Math.round((built - sourcesDone) / 1000)} 秒、个人信息检查 ${secondsSince(built)} 秒）；` +
        `${site.pages} 页；build/ ${formatBytes(site.bytes)}`,
    );
  } finally {
    fs.rmSync(STAGING_DIR, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const program = new Command()
    .name('npm run build --')
    .description('用 Evidence 把数据仓库构建为离线报告网站 build/（构建在临时文件夹中完成，通过个人信息检查后才放入 build/）')
    .option('--warehouse <file>', '数据仓库（默认 CAMPAIGN_WAREHOUSE 或 warehouse/campaign.duckdb）', config.warehousePath)
    .option('--geo <dir>', '行政区划边界文件夹（villages/towns/counties.geojson）', path.join(ROOT, 'data', 'demo', 'geo'));
  const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ warehouse: string; geo: string }>();
  const timeoutSeconds = Number(process.env.SITE_TIMEOUT ?? 7200);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) throw new Error(`SITE_TIMEOUT 应为秒数：${process.env.SITE_TIMEOUT}`);
  await buildSite({ warehouse: path.resolve(opts.warehouse), geo: path.resolve(opts.geo), timeoutSeconds });
}
