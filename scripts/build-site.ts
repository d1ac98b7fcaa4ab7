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
 *   4. runEvidenceBuild evidence build:strict into a temporary folder beside the output folder
 *                      (.<out>.writing-*); fails if any page query logs "Error in Query!" (Evidence
 *                      itself still exits 0)
 *   5. checkPrivacy    scripts/check-privacy.ts on that folder: fails if any personal value from
 *                      the warehouse's raw tables (ID number, phone, 户编号, names) is in it
 *   6. publish         moves the checked folder to the output folder. A failed step leaves none.
 *
 * The audience comes from the warehouse: a public copy (npm run export -- --public, meta.publication)
 * builds the public site, whose pages show suppressed counts as <N> with N its threshold.
 *
 * Usage: npm run build -- [--warehouse FILE] [--geo DIR] [--out DIR]
 *   --warehouse  DuckDB warehouse to publish (default: $CAMPAIGN_WAREHOUSE or warehouse/campaign.duckdb)
 *   --geo        folder with villages/towns/counties.geojson (default: data/demo/geo)
 *   --out        the site's folder (default: build/), so an internal and a public site can both exist
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
import { Warehouse } from '../core/warehouse.ts';
import { stagingDir, type Audience } from '../privacy/gate.ts';
import { npmArgs } from '../core/npm-args.ts';
import { filesUnder, formatBytes, sizeOf } from './lib/files.ts';
import { run, runTs } from './lib/run.ts';

const log = (text: string) => console.log(`[build-site] ${text}`);
const warn = (text: string) => console.warn(`[build-site] ${text}`);

export const BUILD_DIR = path.join(ROOT, 'build');
const DATA_DIR = path.join(ROOT, '.evidence', 'template', 'static', 'data');
const GEO_LAYERS = ['villages', 'towns', 'counties'] as const;

interface Options {
  warehouse: string;
  geo: string;
  timeoutSeconds: number;
  /** The site's folder (default build/). */
  out?: string;
}

/** Who the site is for, read from the warehouse: a public copy says so in meta.publication. */
export async function siteAudience(warehouse: string): Promise<{ audience: Audience; threshold: number | null }> {
  const wh = await Warehouse.open(warehouse, { readOnly: true });
  try {
    const rows = await wh
      .all<{ audience: string; threshold: number }>(`select audience, small_cell_threshold::integer as threshold from meta.publication limit 1`)
      .catch(() => []);
    return rows[0]?.audience === 'public' ? { audience: 'public', threshold: rows[0].threshold } : { audience: 'internal', threshold: null };
  } finally {
    wh.close();
  }
}

/** The output folder, refused where replacing it would remove the project or its sources. */
export function outputDir(out: string | undefined): string {
  const dir = path.resolve(out ?? BUILD_DIR);
  const inside = (parent: string) => dir === parent || dir.startsWith(parent + path.sep);
  const within = (child: string) => child === dir || child.startsWith(dir + path.sep);
  if (within(ROOT) || ['reports', 'partials', 'queries', 'sources', 'static', 'node_modules', '.evidence', 'warehouse'].some((d) => inside(path.join(ROOT, d)))) {
    throw new Error(`--out ${dir} 不能是项目文件夹或其中的源文件夹（构建会整个替换它）/ refusing to replace ${dir}`);
  }
  return dir;
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
  // Evidence copies static/ into .evidence/template/static/ and never removes what is gone from it, so a
  // build without boundaries showed the previous build's map (the town site drew the county's 309 villages).
  for (const dir of [target, path.join(ROOT, '.evidence', 'template', 'static', 'geo')]) {
    if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.geojson')) fs.rmSync(path.join(dir, f));
  }
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
  // whole seconds: some file systems keep modification times no finer
  const started = Math.floor(Date.now() / 1000) * 1000;
  checkResult('evidence sources', await evidence(['sources', '--strict'], options, env), options);
  checkResult('补写空数据源', await runTs(path.join('scripts', 'site-empty-sources.ts'), [DATA_DIR, '--since', String(started)]), options);
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
export async function checkPrivacy(options: Options, dir: string, audience: Audience = 'internal'): Promise<void> {
  log('个人信息检查');
  const result = await runTs(path.join('scripts', 'check-privacy.ts'), ['--warehouse', options.warehouse, '--audience', audience, dir], { timeoutSeconds: options.timeoutSeconds });
  checkResult('个人信息检查', result, options);
}

/** 6. The checked site becomes the output folder (a rename: the staging folder sits beside it). */
export function publish(staging: string, out = BUILD_DIR): void {
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
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
  const out = outputDir(options.out);
  const { audience, threshold } = await siteAudience(warehouse);
  // The footer and the <N> marks come from the warehouse, never from a hand-set variable alone:
  // a site that says "public" must be built from the public copy.
  if (process.env.VITE_CAMPAIGN_AUDIENCE === 'public' && audience !== 'public') {
    throw new Error(`VITE_CAMPAIGN_AUDIENCE=public，但数据仓库 ${warehouse} 不是公开数据仓库：先运行 npm run export -- --public，再用它生成的公开仓库构建`);
  }
  const env = {
    ...process.env,
    EVIDENCE_SOURCE__warehouse__filename: relative,
    VITE_CAMPAIGN_AUDIENCE: audience,
    VITE_CAMPAIGN_SMALL_CELL_THRESHOLD: threshold === null ? '' : String(threshold),
  };
  log(`数据仓库：${warehouse}；受众：${audience === 'public' ? `公开（小于${threshold}的计数显示为 <${threshold}）` : '内部'}；输出：${out}`);
  options = { ...options, warehouse };

  stageGeo(options);
  await runSources(options, env);
  const sourcesDone = performance.now();

  // Nothing unchecked ever sits in the output folder: the old site goes now, the new one is built aside.
  fs.rmSync(out, { recursive: true, force: true });
  const staging = stagingDir(out);
  try {
    await runEvidenceBuild(options, env, staging);
    // Brotli and gzip beside each asset (npm run preview serves them); the privacy check then
    // reads the site as it will be served, every original next to its compressed forms.
    await compressSite(staging);
    const built = performance.now();
    await checkPrivacy(options, staging, audience);
    publish(staging, out);
    const site = siteStats(out);
    log(
      `完成，用时 ${secondsSince(started)} 秒（取数 ${Math.round((sourcesDone - started) / 1000)} 秒、构建 ${Math.round((built - sourcesDone) / 1000)} 秒、个人信息检查 ${secondsSince(built)} 秒）；` +
        `${site.pages} 页；${path.relative(ROOT, out) || out}/ ${formatBytes(site.bytes)}`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const program = new Command()
    .name('npm run build --')
    .description('用 Evidence 把数据仓库构建为离线报告网站（默认 build/；构建在临时文件夹中完成，通过个人信息检查后才放入输出文件夹）')
    .option('--warehouse <file>', '数据仓库（默认 CAMPAIGN_WAREHOUSE 或 warehouse/campaign.duckdb）', config.warehousePath)
    .option('--geo <dir>', '行政区划边界文件夹（villages/towns/counties.geojson）', path.join(ROOT, 'data', 'demo', 'geo'))
    .option('--out <dir>', '网站输出文件夹（默认 build/；内部与公开网站可并存，如 --out out/public-site）', BUILD_DIR);
  const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ warehouse: string; geo: string; out: string }>();
  const timeoutSeconds = Number(process.env.SITE_TIMEOUT ?? 7200);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) throw new Error(`SITE_TIMEOUT 应为秒数：${process.env.SITE_TIMEOUT}`);
  await buildSite({ warehouse: path.resolve(opts.warehouse), geo: path.resolve(opts.geo), out: path.resolve(opts.out), timeoutSeconds });
}
