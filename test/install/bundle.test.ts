/**
 * The offline bundle's choices, without the network: which locked packages go into the npm cache
 * for a set of platforms, and which Debian packages count as the base every system already has
 * (so the .deb set holds everything beyond it). The full install with no network is
 * `npm run test:offline` (root, Linux; see README).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../core/config.ts';
import { debianBase, forPlatforms, lockedTarballs } from '../../scripts/bundle.ts';
import { ensurePagesLink } from '../../scripts/build-site.ts';

describe('npm cache contents', () => {
  const lock = path.join(ROOT, 'package-lock.json');

  test('all platforms: every locked tarball, including Windows and macOS DuckDB bindings', () => {
    const all = lockedTarballs(lock, 'all');
    expect(all.some((u) => u.includes('/@duckdb/node-bindings-win32-x64/-/'))).toBe(true);
    expect(all.some((u) => u.includes('/@duckdb/node-bindings-darwin-arm64/-/'))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  test('chosen platforms: their binaries and every platform-neutral package, nothing else', () => {
    const all = lockedTarballs(lock, 'all');
    const some = lockedTarballs(lock, ['linux-x64', 'win32-x64']);
    expect(some.some((u) => u.includes('/@duckdb/node-bindings-win32-x64/-/'))).toBe(true);
    expect(some.some((u) => u.includes('/@duckdb/node-bindings-linux-x64/-/'))).toBe(true);
    expect(some.some((u) => u.includes('/@duckdb/node-bindings-darwin-arm64/-/'))).toBe(false);
    expect(some.some((u) => u.includes('/kysely/-/'))).toBe(true);
    expect(some.length).toBeLessThan(all.length);
  });

  test("npm's os/cpu rules: a plain list allows, a list of !x excludes", () => {
    expect(forPlatforms({ os: ['win32'], cpu: ['x64'] }, ['win32-x64'])).toBe(true);
    expect(forPlatforms({ os: ['win32'], cpu: ['arm64'] }, ['win32-x64'])).toBe(false);
    expect(forPlatforms({ os: ['!win32'] }, ['linux-x64'])).toBe(true);
    expect(forPlatforms({ os: ['!win32'] }, ['win32-x64'])).toBe(false);
    expect(forPlatforms({}, ['linux-arm64'])).toBe(true);
  });
});

describe('Debian base system', () => {
  const pkg = (name: string, extra: string, status = 'install ok installed') => `Package: ${name}\nStatus: ${status}\n${extra}`;
  const status = [
    pkg('libc6', 'Priority: required\nDepends: libgcc-s1'),
    pkg('libgcc-s1', 'Priority: optional\nDepends: gcc-12-base (= 12.2.0-14)'),
    pkg('gcc-12-base', 'Priority: optional'),
    pkg('util-linux', 'Essential: yes\nPriority: required\nPre-Depends: libblkid1 (>= 2.31) | libfoo\nDepends: util-linux-extra,\n mawk-or-awk'),
    pkg('libblkid1', 'Priority: optional'),
    pkg('util-linux-extra', 'Priority: optional'),
    pkg('mawk', 'Priority: required\nProvides: mawk-or-awk'),
    pkg('libgtk-3-0', 'Priority: optional\nDepends: libc6'),
    pkg('old-thing', 'Priority: required', 'deinstall ok config-files'),
  ].join('\n\n');

  test('required and essential packages with what they depend on, through Provides and alternatives', () => {
    const names = [...debianBase(status).matchAll(/^Package: (.+)$/gm)].map((m) => m[1]).sort();
    expect(names).toEqual(['gcc-12-base', 'libblkid1', 'libc6', 'libgcc-s1', 'mawk', 'util-linux', 'util-linux-extra']);
  });
});

describe('pages link', () => {
  test('a checkout without symlinks (pages is a small text file) gets the link back', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pages-link-'));
    fs.mkdirSync(path.join(root, 'reports'));
    fs.writeFileSync(path.join(root, 'reports', 'index.md'), '# 总览');
    fs.writeFileSync(path.join(root, 'pages'), 'reports');
    ensurePagesLink(root);
    expect(fs.readFileSync(path.join(root, 'pages', 'index.md'), 'utf8')).toBe('# 总览');
    ensurePagesLink(root); // a working link is left alone
    expect(fs.readdirSync(path.join(root, 'pages'))).toEqual(['index.md']);
    fs.rmSync(root, { recursive: true });
  });
});
