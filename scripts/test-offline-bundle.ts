/**
 * npm run test:offline [-- --bundle <folder>] [--keep]
 *
 * Proves that the offline bundle installs and runs with no network, on this Debian machine,
 * without changing it:
 *   1. makes a bundle (npm run bundle) in a temporary folder, unless --bundle names one;
 *   2. in a new network namespace (no interface but loopback, so no route anywhere) and mount
 *      namespace, lays an overlay over / (changes go to memory and vanish afterwards) and, inside
 *      it, removes chromium, fonts-noto-cjk and poppler-utils with the dependencies installed for
 *      them, and the warm npm cache, so the machine looks like a fresh office computer;
 *   3. copies the bundle in (as from a USB stick) and runs its installer:
 *      node project/scripts/install-offline.mjs (checksums, npm ci --offline from the bundle's
 *      cache, the .deb files through apt with no package source);
 *   4. runs npm run demo, the browser test of the site, and npm run export (PDF through chromium
 *      and pdftotext), and prints how long the install and the demo took.
 * Linux-only and root-only (unshare, mount, chroot, apt): it tests the Debian path of the bundle.
 */
import '../core/cli-errors.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { npmArgs } from '../core/npm-args.ts';
import { makeBundle } from './bundle.ts';
import { run } from './lib/run.ts';

const log = (text: string) => console.log(`[offline-test] ${text}`);

/** Runs inside the chroot on the overlay, with no network. */
const INSIDE = String.raw`
set -eu
export HOME=/root DEBIAN_FRONTEND=noninteractive CI=true
echo "[offline-test] 断网检查"
if node -e "require('https').get('https://registry.npmjs.org/', () => process.exit(0)).on('error', () => process.exit(1))"; then
  echo "[offline-test] 失败：仍能连上 npm 仓库" >&2; exit 1
fi
echo "[offline-test] 移除 chromium、fonts-noto-cjk、poppler-utils 及其依赖和 npm 缓存（只在覆盖层中）"
apt-get purge -y -q chromium chromium-common chromium-sandbox chromium-driver fonts-noto-cjk fonts-noto-cjk-extra poppler-utils >/dev/null 2>&1 || true
apt-get autoremove --purge -y -q >/dev/null
rm -rf /root/.npm /root/.cache
if command -v chromium >/dev/null || command -v pdftotext >/dev/null; then
  echo "[offline-test] 失败：系统软件包未能移除" >&2; exit 1
fi
echo "[offline-test] 复制安装包（如同从U盘复制）"
rm -rf /root/bundle && cp -r /mnt/usb /root/bundle
cd /root/bundle
t0=$(date +%s)
node project/scripts/install-offline.mjs
t1=$(date +%s)
echo "OFFLINE_INSTALL_SECONDS=$((t1 - t0))"
command -v chromium >/dev/null && command -v pdftotext >/dev/null
cd project
npm run demo
t2=$(date +%s)
echo "DEMO_SECONDS=$((t2 - t1))"
npx vitest run test/site/browser.test.ts
npm run export -- --out /root/exports
ls /root/exports/*/*.pdf
t3=$(date +%s)
echo "CHECKS_SECONDS=$((t3 - t2))"
`;

/** Sets up the namespaces' overlay and runs INSIDE in a chroot on it. */
const OUTSIDE = String.raw`
set -eu
W="$1"; B="$2"
ip link set lo up
mount -t tmpfs -o size=12g tmpfs "$W"
mkdir -p "$W/upper" "$W/work" "$W/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$W/upper,workdir=$W/work" "$W/root"
mount --rbind /dev "$W/root/dev"
mount -t proc proc "$W/root/proc"
mount --rbind /sys "$W/root/sys"
mkdir -p "$W/root/mnt/usb"
mount --bind "$B" "$W/root/mnt/usb"
mount -o remount,bind,ro "$W/root/mnt/usb"
cat > "$W/root/offline-test.sh" <<'INSIDE_EOF'
${INSIDE}
INSIDE_EOF
chroot "$W/root" /bin/sh /offline-test.sh
`;

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run test:offline --')
    .description('断网验证离线安装包：在隔离的网络与文件系统中安装并运行演示（需 root，仅 Linux）')
    .option('--bundle <folder>', '使用已制作的安装包（默认临时制作一个）')
    .option('--keep', '保留临时制作的安装包');
  const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ bundle?: string; keep?: boolean }>();
  if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('离线安装测试需要在 Linux 上以 root 运行（用到网络命名空间、overlay 和 chroot）');

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-offline-'));
  const bundle = opts.bundle ? path.resolve(opts.bundle) : path.join(scratch, 'bundle');
  try {
    if (!opts.bundle) await makeBundle({ out: bundle, platforms: 'all', debs: true });
    const mountPoint = path.join(scratch, 'ns');
    fs.mkdirSync(mountPoint);
    const script = path.join(scratch, 'outside.sh');
    fs.writeFileSync(script, OUTSIDE);
    const seconds: Record<string, number> = {};
    log(`断网安装：${bundle}`);
    const result = await run('unshare', ['--mount', '--net', '--fork', '--', 'sh', script, mountPoint, bundle], {
      onLine: (line) => {
        const m = /^(OFFLINE_INSTALL|DEMO|CHECKS)_SECONDS=(\d+)$/.exec(line.trim());
        if (m) seconds[m[1]!] = Number(m[2]);
      },
    });
    if (result.code !== 0) throw new Error(`断网安装或演示失败（退出码 ${result.code}），见上方输出`);
    console.log(
      `\n离线安装测试通过：安装 ${seconds.OFFLINE_INSTALL} 秒（校验、npm ci --offline、系统软件包），演示 ${seconds.DEMO} 秒，浏览器测试与导出 ${seconds.CHECKS} 秒`,
    );
  } finally {
    if (opts.keep && !opts.bundle) log(`安装包保留在 ${bundle}`);
    else fs.rmSync(opts.keep ? path.join(scratch, 'ns') : scratch, { recursive: true, force: true });
  }
}

await main();
