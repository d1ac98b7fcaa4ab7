#!/usr/bin/env node
/**
 * Installs the product from an offline bundle (npm run bundle), with no network:
 *   1. checks every file against SHA256SUMS;
 *   2. npm ci --offline with the bundle's npm-cache/ (patch-package runs as postinstall);
 *   3. on Debian, as root: the system packages from the bundle's debs/ (npm run system-deps -- --from).
 * Plain JavaScript with no dependencies, because it runs before node_modules exists; paths are built
 * with `path`, programs are run without a shell, so it works the same on Windows.
 *
 *   node project/scripts/install-offline.mjs [--bundle <folder>] [--no-verify]
 *   (default bundle: the folder that holds project/)
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const bundleArg = args.indexOf('--bundle');
const bundle = bundleArg >= 0 ? path.resolve(args[bundleArg + 1] ?? '.') : path.dirname(project);
const verify = !args.includes('--no-verify');
const started = Date.now();
const log = (text) => console.log(`[离线安装] ${text}`);
const fail = (text) => {
  console.error(`[离线安装] 失败：${text}`);
  process.exit(1);
};

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) fail(`需要 Node.js 20 或更高版本，本机为 ${process.versions.node}`);
const cache = path.join(bundle, 'npm-cache');
if (!fs.existsSync(cache)) fail(`找不到 ${cache}：请在离线安装包中运行（或用 --bundle 指定安装包文件夹）`);

// 1. checksums
const sums = path.join(bundle, 'SHA256SUMS');
if (verify && fs.existsSync(sums)) {
  const lines = fs.readFileSync(sums, 'utf8').split('\n').filter(Boolean);
  log(`校验 ${lines.length} 个文件`);
  const bad = [];
  lines.forEach((line, i) => {
    const [, expected, file] = /^([0-9a-f]{64}) {2}(.+)$/.exec(line) ?? [];
    if (!file) return bad.push(`第 ${i + 1} 行格式不对`);
    const full = path.join(bundle, ...file.split('/'));
    if (!fs.existsSync(full)) return bad.push(`缺少 ${file}`);
    // project/ may already have been used (node_modules, data); only the bundled files are checked.
    const actual = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    if (actual !== expected) bad.push(`${file} 已损坏`);
    if ((i + 1) % 2000 === 0) log(`  ${i + 1}/${lines.length}`);
  });
  if (bad.length > 0) fail(`${bad.length} 个文件校验不通过（${bad.slice(0, 3).join('；')}${bad.length > 3 ? '……' : ''}）：请重新复制安装包`);
  log('校验通过');
} else if (verify) log('没有 SHA256SUMS，跳过校验');

// 2. npm ci --offline
function npm(npmArgs) {
  // npm's own script next to this Node (no .cmd shim, no shell), else npm on PATH.
  const dir = path.dirname(process.execPath);
  const cli = [
    path.join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(dir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ].find((f) => fs.existsSync(f));
  const result = cli
    ? spawnSync(process.execPath, [cli, ...npmArgs], { cwd: project, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', npmArgs, { cwd: project, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) fail(`无法运行 npm：${result.error.message}`);
  return result.status ?? 1;
}

log(`npm ci --offline（缓存：${cache}）`);
const npmStarted = Date.now();
const code = npm(['ci', '--offline', '--no-audit', '--no-fund', '--cache', cache]);
if (code !== 0) fail(`npm ci --offline 退出码 ${code}（见上方输出）`);
log(`程序依赖已安装，用时 ${Math.round((Date.now() - npmStarted) / 1000)} 秒`);

// 3. system packages (Debian only, optional)
const debs = path.join(bundle, 'debs');
if (process.platform === 'linux' && fs.existsSync(debs) && fs.existsSync(path.join('/', 'usr', 'bin', 'dpkg'))) {
  if (process.getuid?.() === 0) {
    log('系统软件包（Debian）：从 debs/ 安装缺少的');
    if (npm(['run', 'system-deps', '--', '--from', debs]) !== 0) fail('系统软件包安装失败（见上方输出）');
  } else {
    log(`系统软件包需要 root：请运行 sudo npm run system-deps -- --from ${debs}（在 project 文件夹中）`);
  }
} else {
  log('非 Debian 系统：请自行安装 Chrome 或 Edge（浏览器测试、PDF 导出），见 安装说明.txt');
}

log(`完成，用时 ${Math.round((Date.now() - started) / 1000)} 秒。下一步：cd ${path.relative(process.cwd(), project) || '.'} && npm run demo`);
