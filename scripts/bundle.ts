/**
 * npm run bundle -- --out <folder> [--platforms all|linux-x64,linux-arm64,win32-x64,...] [--no-debs]
 *
 * Writes a self-contained offline bundle, to carry into an isolated network on a USB stick:
 *   project/       the product's tracked files (no node_modules, warehouse, data or build)
 *   npm-cache/     an npm cache with the tarball of every package the lock names (all platforms'
 *                  optional binaries unless --platforms narrows them); `npm ci --offline` installs
 *                  from it, and this script proves that before it finishes
 *   debs/          the Debian 12 .deb files of chromium, fontconfig, fonts-noto-cjk and
 *                  poppler-utils with every dependency beyond Debian's required base (made on a
 *                  Debian machine; left out elsewhere or with --no-debs)
 *   安装说明.txt   how to install, in Chinese
 *   SHA256SUMS     the sha256 of every file (sha256sum -c format; checked by the installer)
 * The installer is project/scripts/install-offline.mjs (plain Node, runs before npm ci).
 * Kept small: only tarballs go into the npm cache (the lock holds each tarball's address, so npm
 * needs none of the registry's package documents), and the .deb set is the exact one apt chooses
 * for a minimal Debian.
 */
import '../core/cli-errors.ts';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ROOT } from '../core/config.ts';
import { npmArgs } from '../core/npm-args.ts';
import { isDebian, SYSTEM_PACKAGES } from './install-system-deps.ts';
import { filesUnder, formatBytes, sizeOf } from './lib/files.ts';
import { run } from './lib/run.ts';

const log = (text: string) => console.log(`[bundle] ${text}`);

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  link?: boolean;
  inBundle?: boolean;
  os?: string[];
  cpu?: string[];
}

/** npm itself, run with this Node (npm run sets npm_execpath; no .cmd shim on Windows needed). */
function npm(args: string[], options: { cwd?: string; quiet?: boolean; onLine?: (line: string) => void } = {}) {
  const cli = process.env.npm_execpath;
  return cli && /npm-cli\.c?js$/.test(cli)
    ? run(process.execPath, [cli, ...args], options)
    : run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, options);
}

/** Does a locked package with os/cpu limits run on one of the chosen platforms ("linux-x64")? */
export function forPlatforms(entry: LockEntry, platforms: string[] | 'all'): boolean {
  if (platforms === 'all' || (!entry.os && !entry.cpu)) return true;
  // npm's rule: a plain list names the allowed values, a list of "!x" names the excluded ones.
  const allows = (list: string[] | undefined, value: string) =>
    !list || (list.some((v) => !v.startsWith('!')) ? list.includes(value) : !list.includes(`!${value}`));
  return platforms.some((p) => {
    const [osName = '', cpu = ''] = p.split('-');
    return allows(entry.os, osName) && allows(entry.cpu, cpu);
  });
}

/** The tarball address of every package the lock names (for the chosen platforms). */
export function lockedTarballs(lockFile: string, platforms: string[] | 'all'): string[] {
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  const urls = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.link || entry.inBundle) continue;
    if (!entry.resolved) throw new Error(`package-lock.json 中 ${key} 缺少 resolved 地址：请在项目中运行 npm install 后重试`);
    if (forPlatforms(entry, platforms)) urls.add(entry.resolved);
  }
  return [...urls].sort();
}

/** 1. project/: the files git tracks or would track, as they are now (the pages link is made again by the build). */
export function copyProject(out: string): number {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\0').filter(Boolean);
  let copied = 0;
  for (const file of files) {
    const source = path.join(ROOT, ...file.split('/'));
    const stat = fs.lstatSync(source, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue; // deleted in the work tree, or a symlink (pages → reports)
    const target = path.join(out, ...file.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
    copied++;
  }
  return copied;
}

/** 2. npm-cache/: every locked tarball, then a trial `npm ci --offline` from it. */
export async function fillNpmCache(cache: string, platforms: string[] | 'all'): Promise<void> {
  const urls = lockedTarballs(path.join(ROOT, 'package-lock.json'), platforms);
  log(`npm 缓存：${urls.length} 个软件包${platforms === 'all' ? '（含各平台的可选二进制包）' : `（平台：${platforms.join('、')}）`}`);
  const chunk = 100; // Windows limits a command line to 8191 characters
  for (let i = 0; i < urls.length; i += chunk) {
    const result = await npm(['cache', 'add', '--cache', cache, '--no-audit', '--no-fund', ...urls.slice(i, i + chunk)], { quiet: true });
    if (result.code !== 0) throw new Error(`npm cache add 失败（退出码 ${result.code}）：请检查与 npm 仓库的连接`);
    log(`  ${Math.min(i + chunk, urls.length)}/${urls.length}`);
  }
  await proveOfflineInstall(cache);
  fs.rmSync(path.join(cache, '_logs'), { recursive: true, force: true });
  fs.rmSync(path.join(cache, '_update-notifier-last-checked'), { force: true });
}

/**
 * `npm ci --offline` in a scratch copy of package.json and the lock, every connection refused
 * (proxy 127.0.0.1:9), install scripts off. npm sometimes wants a package document too (to settle
 * a peer dependency): it is added and the trial repeated, so the bundle never lacks one.
 */
async function proveOfflineInstall(cache: string): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-bundle-'));
  try {
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) fs.copyFileSync(path.join(ROOT, f), path.join(scratch, f));
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    for (let attempt = 1; attempt <= 30; attempt++) {
      log(attempt === 1 ? '试装：npm ci --offline（断开仓库连接）' : `试装：第 ${attempt} 次`);
      let wanted: string | undefined;
      const result = await npm(
        ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', cache, '--proxy', 'http://127.0.0.1:9', '--https-proxy', 'http://127.0.0.1:9'],
        { cwd: scratch, quiet: true, onLine: (line) => (wanted ??= /request to https?:\/\/[^/]+\/(\S+) failed/.exec(line)?.[1]) },
      );
      if (result.code === 0) {
        log('试装成功：缓存齐全');
        return;
      }
      if (!wanted) throw new Error(`从缓存试装失败（退出码 ${result.code}），原因不是缺少软件包：请运行 npm ci 检查`);
      const name = decodeURIComponent(wanted);
      const version = lock.packages[`node_modules/${name}`]?.version;
      log(`  npm 还需要 ${name} 的包信息，加入缓存`);
      const added = await npm(['cache', 'add', '--cache', cache, version ? `${name}@${version}` : name], { quiet: true });
      if (added.code !== 0) throw new Error(`npm cache add ${name} 失败`);
    }
    throw new Error('从缓存试装 30 次仍不成功');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The installed packages that every Debian system has: those of priority required (and the
 * essential ones) with everything they depend on, read from dpkg's status file.
 */
export function debianBase(statusText: string): string {
  const paragraphs = statusText.split(/\n\n+/).filter((p) => /^Status: install ok installed$/m.test(p));
  const field = (p: string, name: string) => new RegExp(`^${name}: (.*(?:\\n .*)*)`, 'm').exec(p)?.[1]?.replace(/\n/g, ' ') ?? '';
  const byName = new Map<string, string>();
  for (const p of paragraphs) byName.set(field(p, 'Package'), p);
  for (const p of paragraphs) {
    for (const provided of field(p, 'Provides').split(',')) {
      const name = provided.trim().split(/\s/)[0];
      if (name && !byName.has(name)) byName.set(name, p);
    }
  }
  const base = new Set<string>();
  const todo = paragraphs.filter((p) => /^Priority: required$/m.test(p) || /^Essential: yes$/m.test(p));
  for (const p of todo) base.add(p);
  while (todo.length > 0) {
    const p = todo.pop()!;
    for (const group of `${field(p, 'Pre-Depends')},${field(p, 'Depends')}`.split(',')) {
      for (const alternative of group.split('|')) {
        const name = alternative.trim().split(/[\s:(]/)[0];
        const dep = name ? byName.get(name) : undefined;
        if (!dep) continue;
        if (!base.has(dep)) {
          base.add(dep);
          todo.push(dep);
        }
        break;
      }
    }
  }
  return [...base].join('\n\n') + '\n\n';
}

/** 3. debs/: what apt would download to install the system packages on a minimal Debian. */
export async function downloadDebs(out: string): Promise<number> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-debs-'));
  try {
    if (process.getuid?.() === 0) {
      log('apt-get update');
      const update = await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { quiet: true });
      if (update.code !== 0) log('警告：apt-get update 失败，使用现有的软件包列表');
    }
    // apt plans the install against a status file holding only the base system, so the download
    // set is what a minimal Debian needs, whatever this machine already has.
    fs.writeFileSync(path.join(work, 'status'), debianBase(fs.readFileSync(path.join('/', 'var', 'lib', 'dpkg', 'status'), 'utf8')));
    fs.mkdirSync(path.join(out, 'partial'), { recursive: true });
    log(`apt-get install --download-only ${SYSTEM_PACKAGES.join(' ')}（及其依赖）`);
    const result = await run(
      'apt-get',
      [
        'install', '--download-only', '-y', '--no-install-recommends',
        '-o', `Dir::State::status=${path.join(work, 'status')}`,
        '-o', `Dir::Cache::archives=${out}`,
        '-o', 'Dir::Cache::pkgcache=', '-o', 'Dir::Cache::srcpkgcache=',
        '-o', 'Debug::NoLocking=true',
        ...SYSTEM_PACKAGES,
      ],
      { quiet: true },
    );
    if (result.code !== 0) throw new Error(`下载 .deb 失败（apt-get 退出码 ${result.code}）`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.join(out, 'partial'), { recursive: true, force: true });
    fs.rmSync(path.join(out, 'lock'), { force: true });
  }
  return fs.readdirSync(out).filter((f) => f.endsWith('.deb')).length;
}

/** 5. SHA256SUMS over every file of the bundle. */
function writeChecksums(out: string): number {
  const files = filesUnder(out).filter((f) => f !== 'SHA256SUMS');
  const lines = files.map((f) => `${crypto.createHash('sha256').update(fs.readFileSync(path.join(out, ...f.split('/')))).digest('hex')}  ${f}`);
  fs.writeFileSync(path.join(out, 'SHA256SUMS'), lines.join('\n') + '\n');
  return files.length;
}

/** 4. The Chinese install notes. */
function writeNotes(out: string, withDebs: boolean, platforms: string[] | 'all'): void {
  const nodeVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node ?? '>=20';
  const text = `挂牌督战数据分析 · 离线安装包
生成时间：${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

一、内容
  project/     程序（不含数据）
  npm-cache/   全部 npm 软件包（${platforms === 'all' ? '含 Windows、Linux、macOS 各平台' : `平台：${platforms.join('、')}`}）
${withDebs ? '  debs/        Debian 12 (amd64) 系统软件包：chromium、fontconfig、fonts-noto-cjk、poppler-utils 及其依赖\n' : ''}  SHA256SUMS   全部文件的校验值

二、安装前准备
  本机需已安装 Node.js ${nodeVersion}（含 npm）。把整个文件夹复制到本机硬盘（路径中最好不含空格）。

三、安装（不需要联网）
  在本文件夹中打开终端（Windows 用 PowerShell 或命令提示符），运行：
      node project/scripts/install-offline.mjs
  它会：校验全部文件 → 用 npm-cache 安装程序依赖（npm ci --offline）${withDebs ? '\n        → 在 Debian 上（以 root 运行时）用 debs/ 安装浏览器、中文字体和 poppler-utils' : ''}。
  Linux 也可用 sha256sum -c SHA256SUMS 自行校验。

四、运行
      cd project
      npm run demo       生成演示数据、建仓、构建报告网站
      npm run preview    浏览网站：http://localhost:4173/
  浏览器测试和 PDF 导出需要浏览器：Debian 用 debs/ 中的 chromium；Windows 使用已安装的 Chrome 或 Edge；
  也可用环境变量 CAMPAIGN_BROWSER 指定浏览器程序。

五、说明
  debs/ 只适用于 Debian 12 (bookworm) amd64；统信UOS、麒麟等系统请用本系统的软件包管理器安装
  chromium（或 Chrome/Edge）、中文字体（Noto Sans CJK）和 poppler-utils。
`;
  fs.writeFileSync(path.join(out, '安装说明.txt'), text);
}

export async function makeBundle(options: { out: string; platforms: string[] | 'all'; debs: boolean }): Promise<void> {
  const started = performance.now();
  const out = path.resolve(options.out);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new Error(`${out} 已存在且不为空：请指定新的文件夹`);
  const platforms = options.platforms === 'all' ? 'all' : [...new Set([...options.platforms, `${process.platform}-${process.arch}`])];
  fs.mkdirSync(out, { recursive: true });

  log(`项目文件 → ${path.join(out, 'project')}`);
  log(`  ${copyProject(path.join(out, 'project'))} 个文件`);
  await fillNpmCache(path.join(out, 'npm-cache'), platforms);
  let withDebs = false;
  if (!options.debs) log('按 --no-debs 不含系统软件包');
  else if (!isDebian()) log('本机不是 Debian：不含系统软件包（.deb 须在 Debian 12 上制作）');
  else {
    log(`  ${await downloadDebs(path.join(out, 'debs'))} 个 .deb`);
    withDebs = true;
  }
  writeNotes(out, withDebs, platforms);
  log('计算校验值（SHA256SUMS）');
  const files = writeChecksums(out);

  const parts = [
    ['npm 缓存', sizeOf(path.join(out, 'npm-cache'))],
    ['系统软件包', sizeOf(path.join(out, 'debs'))],
    ['项目', sizeOf(path.join(out, 'project'))],
  ] as const;
  const total = sizeOf(out);
  console.log(
    `\n离线安装包：${out}\n大小：${formatBytes(total)}（${parts.map(([label, bytes]) => `${label} ${formatBytes(bytes)}`).join('，')}），${files} 个文件，用时 ${Math.round((performance.now() - started) / 1000)} 秒\n安装说明：${path.join(out, '安装说明.txt')}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const program = new Command()
    .name('npm run bundle --')
    .description('制作离线安装包：项目、npm 缓存、Debian 系统软件包、安装说明和校验值')
    .requiredOption('--out <folder>', '输出文件夹（须不存在或为空）')
    .option('--platforms <list>', '只收入这些平台的二进制包，如 linux-x64,linux-arm64,win32-x64（默认 all：锁文件中的全部软件包）', 'all')
    .option('--no-debs', '不含 Debian 系统软件包');
  const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ out: string; platforms: string; debs: boolean }>();
  const platforms = opts.platforms === 'all' ? 'all' : opts.platforms.split(',').map((p) => p.trim()).filter(Boolean);
  await makeBundle({ out: opts.out, platforms, debs: opts.debs });
}
