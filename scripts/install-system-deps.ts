/**
 * Installs the Debian system packages the browser tests and PDF export need, only if missing:
 *   chromium        headless browser for playwright-core (not needed when Chrome or Edge is found)
 *   fonts-noto-cjk  Chinese glyphs in headless Chromium (with fontconfig)
 *   poppler-utils   pdftotext, for the page numbers in the 总结报告's contents and the PDF tests
 * Optional and Debian-only: on any other system it says what to install by hand and exits 0.
 * Must run as root (or with password-less sudo) when something is missing.
 *
 *   npm run system-deps                      # from the Debian mirror (apt-get update + install)
 *   npm run system-deps -- --from <folder>   # offline, from the .deb files of a bundle (npm run bundle)
 */
import '../core/cli-errors.ts';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import which from 'which';
import { findBrowser } from '../core/browser.ts';
import { npmArgs } from '../core/npm-args.ts';
import { run } from './lib/run.ts';

const log = (text: string) => console.log(`[system-deps] ${text}`);

/** The Debian packages the product needs (what `npm run bundle` downloads, with their dependencies). */
export const SYSTEM_PACKAGES = ['chromium', 'fontconfig', 'fonts-noto-cjk', 'poppler-utils'] as const;

const onPath = (command: string) => which.sync(command, { nothrow: true }) !== null;

/** Debian or a system built on it (Ubuntu, 统信UOS, 麒麟): Linux with dpkg and apt-get. */
export function isDebian(): boolean {
  return process.platform === 'linux' && onPath('dpkg') && onPath('apt-get');
}

function hasCjkFont(): boolean {
  try {
    return /Noto Sans CJK/i.test(execFileSync('fc-list', { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  } catch {
    return false;
  }
}

/** What is missing, as Debian package names. */
export function missingPackages(): string[] {
  const missing: string[] = [];
  const browser = findBrowser();
  if (browser) log(`浏览器：${browser}`);
  else missing.push('chromium');
  if (!onPath('fc-list')) missing.push('fontconfig', 'fonts-noto-cjk');
  else if (hasCjkFont()) log('中文字体：Noto Sans CJK 已安装');
  else missing.push('fonts-noto-cjk');
  if (onPath('pdftotext')) log('poppler-utils（pdftotext）已安装');
  else missing.push('poppler-utils');
  return missing;
}

/**
 * A folder of .deb files as a package source for apt: a Packages index (from each file's control
 * fields) in a scratch folder that links to the files, so the bundle folder itself may be read-only.
 * Returns apt options that use this source only, with its own lists: the system's sources and
 * lists are never touched.
 */
export function localRepository(folder: string, scratch: string): string[] {
  const debs = fs.readdirSync(folder).filter((f) => f.endsWith('.deb')).sort();
  if (debs.length === 0) throw new Error(`${folder} 中没有 .deb 文件`);
  const index: string[] = [];
  for (const name of debs) {
    const file = path.join(folder, name);
    fs.symlinkSync(file, path.join(scratch, name));
    const control = execFileSync('dpkg-deb', ['-f', file], { encoding: 'utf8' }).trim();
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    index.push(`${control}\nFilename: ./${name}\nSize: ${fs.statSync(file).size}\nSHA256: ${sha256}\n`);
  }
  fs.writeFileSync(path.join(scratch, 'Packages'), index.join('\n'));
  fs.writeFileSync(path.join(scratch, 'sources.list'), `deb [trusted=yes] file:${scratch} ./\n`);
  fs.mkdirSync(path.join(scratch, 'lists', 'partial'), { recursive: true });
  return [
    '-o', `Dir::Etc::SourceList=${path.join(scratch, 'sources.list')}`,
    '-o', 'Dir::Etc::SourceParts=/dev/null',
    '-o', `Dir::State::Lists=${path.join(scratch, 'lists')}`,
    '-o', 'Dir::Cache::pkgcache=',
    '-o', 'Dir::Cache::srcpkgcache=',
  ];
}

async function asRoot(command: string, args: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const isRoot = process.getuid?.() === 0;
  let result;
  if (isRoot) result = await run(command, args, { env });
  else if (onPath('sudo')) result = await run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', command, ...args], { env });
  else throw new Error(`安装系统软件包需要 root：请以 root 运行 npm run system-deps`);
  if (result.code !== 0) throw new Error(`${command} ${args[0] ?? ''} 失败（退出码 ${result.code}），见上方输出`);
}

// Another apt run (an unattended upgrade, a colleague's install) holds the lock: wait for it.
const APT_OPTIONS = ['-o', 'DPkg::Lock::Timeout=600', '-y', '--no-install-recommends'];

export async function installSystemDeps(options: { from?: string } = {}): Promise<void> {
  if (!isDebian()) {
    log(
      process.platform === 'linux'
        ? '本机不是 Debian 系（没有 dpkg/apt-get）：跳过。请用本系统的软件包管理器安装 Chromium（或 Chrome、Edge）、中文字体（Noto Sans CJK）和 poppler-utils'
        : '本机不是 Linux：跳过。浏览器测试和 PDF 导出需要 Chrome 或 Edge（或用 CAMPAIGN_BROWSER 指定）；总结报告目录页码需要 poppler 的 pdftotext',
    );
    return;
  }
  const missing = missingPackages();
  if (missing.length === 0) {
    log('系统软件包齐全，无需安装');
    return;
  }
  if (options.from) {
    const folder = path.resolve(options.from);
    if (!fs.existsSync(folder)) throw new Error(`软件包文件夹 ${folder} 不存在`);
    // The folder is the only package source: apt installs what is missing and what that needs,
    // upgrades an installed package only where a dependency demands it, never removes one
    // (--no-remove), never tries the network, and names whatever the folder lacks.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-debs-'));
    try {
      const source = localRepository(folder, scratch);
      log(`从 ${folder} 离线安装：${missing.join('、')}`);
      await asRoot('apt-get', [...source, 'update']);
      await asRoot('apt-get', ['install', ...APT_OPTIONS, '--no-remove', ...source, ...missing]);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  } else {
    log(`缺少：${missing.join('、')}；apt-get update`);
    await asRoot('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update']);
    log(`apt-get install ${missing.join(' ')}`);
    await asRoot('apt-get', ['install', ...APT_OPTIONS, ...missing]);
  }
  if (onPath('fc-cache')) await run('fc-cache', ['-f'], { quiet: true });
  const still = missingPackages();
  if (still.length > 0) throw new Error(`安装后仍缺少：${still.join('、')}`);
  log(`已安装：${missing.join('、')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const program = new Command()
    .name('npm run system-deps --')
    .description('在 Debian 上安装浏览器测试和 PDF 导出所需的系统软件包（chromium、fonts-noto-cjk、poppler-utils），已安装则跳过')
    .option('--from <folder>', '离线安装：使用此文件夹中的 .deb 文件（离线安装包的 debs/）');
  const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ from?: string }>();
  await installSystemDeps(opts);
}
