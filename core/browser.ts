/**
 * Finds a Chromium-family browser for headless printing and the browser tests, on any system:
 *   1. CAMPAIGN_BROWSER (or the older CHROMIUM_PATH): the executable to use, as given;
 *   2. on Linux and other Unix systems: chromium, chromium-browser, google-chrome(-stable),
 *      microsoft-edge(-stable) on PATH (Debian's `chromium` package is /usr/bin/chromium);
 *   3. on Windows: Chrome and Edge in Program Files, Program Files (x86) and the user's LocalAppData;
 *   4. on macOS: Chrome, Edge and Chromium in /Applications.
 * No browser is ever downloaded. Paths are built with the platform's own path module, so the
 * Windows rules can be checked on Linux (test/core/browser.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BrowserLookup {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Whether a file exists (injected by tests). */
  exists?: (file: string) => boolean;
}

const UNIX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'];

const isFile = (file: string) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** Every place where a browser is looked for, in order (CAMPAIGN_BROWSER first). */
export function browserCandidates({ platform = process.platform, env = process.env }: BrowserLookup = {}): string[] {
  const override = env.CAMPAIGN_BROWSER || env.CHROMIUM_PATH;
  const found: string[] = override ? [override] : [];
  if (platform === 'win32') {
    const p = path.win32;
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    for (const root of roots) found.push(p.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'));
    for (const root of roots) found.push(p.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
    return found;
  }
  if (platform === 'darwin') {
    for (const app of ['Google Chrome', 'Microsoft Edge', 'Chromium']) {
      found.push(path.posix.join('/Applications', `${app}.app`, 'Contents', 'MacOS', app));
    }
    return found;
  }
  const dirs = (env.PATH ?? '').split(path.posix.delimiter).filter(Boolean);
  for (const name of UNIX_NAMES) for (const dir of dirs) found.push(path.posix.join(dir, name));
  return found;
}

/** The browser to use, or undefined when there is none. CAMPAIGN_BROWSER is used even if it is wrong (the launch then says so). */
export function findBrowser(lookup: BrowserLookup = {}): string | undefined {
  const env = lookup.env ?? process.env;
  const override = env.CAMPAIGN_BROWSER || env.CHROMIUM_PATH;
  if (override) return override;
  const exists = lookup.exists ?? isFile;
  return browserCandidates(lookup).find(exists);
}

/** Like findBrowser, but throws one clear Chinese line when there is none. */
export function requireBrowser(lookup: BrowserLookup = {}): string {
  const browser = findBrowser(lookup);
  if (browser) return browser;
  throw new Error(
    '找不到浏览器（Chromium、Chrome 或 Edge）：Debian 上运行 npm run system-deps（需要 root）安装 chromium，其他系统请安装 Chrome 或 Edge，或用环境变量 CAMPAIGN_BROWSER 指定浏览器程序',
  );
}

/** Flags for headless use with nothing reaching outside localhost. */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
