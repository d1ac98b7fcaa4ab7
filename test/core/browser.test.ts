/**
 * The browser lookup on each system, checked here on Linux with a fake file system: Windows paths
 * are built with path.win32 from Program Files / LocalAppData, macOS looks in /Applications,
 * Linux on PATH, and CAMPAIGN_BROWSER always wins.
 */
import { describe, expect, test } from 'vitest';
import { browserCandidates, findBrowser, requireBrowser } from '../../core/browser.ts';

const only = (file: string) => (f: string) => f === file;

describe('findBrowser', () => {
  test('Windows: Edge under Program Files (x86) when Chrome is absent, with backslashes', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser({ platform: 'win32', env, exists: only(edge) })).toBe(edge);
    const all = browserCandidates({ platform: 'win32', env });
    expect(all[0]).toBe('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(all).toContain('C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    expect(all.every((f) => !f.includes('/'))).toBe(true);
  });

  test('macOS: Chrome in /Applications', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({ platform: 'darwin', env: {}, exists: only(chrome) })).toBe(chrome);
  });

  test('Linux: Debian chromium on PATH, Chrome when there is no chromium', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    expect(findBrowser({ platform: 'linux', env, exists: (f) => f === '/usr/bin/chromium' || f === '/usr/bin/google-chrome' })).toBe('/usr/bin/chromium');
    expect(findBrowser({ platform: 'linux', env, exists: only('/usr/bin/google-chrome-stable') })).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser({ platform: 'linux', env, exists: () => false })).toBeUndefined();
  });

  test('CAMPAIGN_BROWSER overrides everything', () => {
    expect(findBrowser({ platform: 'win32', env: { CAMPAIGN_BROWSER: 'D:\\浏览器\\chrome.exe' }, exists: () => true })).toBe('D:\\浏览器\\chrome.exe');
  });

  test('no browser: one Chinese line saying what to do', () => {
    expect(() => requireBrowser({ platform: 'linux', env: { PATH: '/nowhere' }, exists: () => false })).toThrow(/找不到浏览器.*CAMPAIGN_BROWSER/);
  });
});
