/**
 * The lock file is complete, so `npm ci` accepts it on any platform and `npm install` leaves it
 * unchanged: every dependency and optional dependency (the per-platform binaries of
 * @duckdb/node-bindings, @rollup/rollup-*, @esbuild/*) named by a locked package is itself locked,
 * and the root entry repeats package.json. (CI also runs `npm install` after `npm ci` and fails
 * when package-lock.json changes: see .ci/run.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../core/config.ts';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  extraneous?: boolean;
  inBundle?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Node's lookup from a lock entry's folder: its own node_modules, then each parent's, then the root's. */
function resolveFrom(entryPath: string, name: string): string | undefined {
  let dir = entryPath;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  test('is lockfile version 3 and its root entry repeats package.json', () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages['']!;
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  test('every dependency and optional dependency of every locked package is locked (all platforms)', () => {
    const missing: string[] = [];
    for (const [entryPath, entry] of Object.entries(lock.packages)) {
      if (entry.extraneous || entry.inBundle) continue;
      const names = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})];
      if (entryPath === '') names.push(...Object.keys(entry.devDependencies ?? {}));
      for (const name of names) if (!resolveFrom(entryPath, name)) missing.push(`${entryPath || '(root)'} → ${name}`);
    }
    expect(missing).toEqual([]);
  });

  test('the DuckDB native binding is locked for Windows, macOS and Linux (x64 and arm64)', () => {
    for (const platform of ['linux-x64', 'linux-arm64', 'win32-x64', 'darwin-arm64', 'darwin-x64']) {
      const entry = lock.packages[`node_modules/@duckdb/node-bindings-${platform}`];
      expect(entry?.integrity, platform).toMatch(/^sha512-/);
    }
  });

  test('every package from the registry has its tarball address and integrity (npm ci --offline finds it in a bundle cache by them)', () => {
    // .npmrc keeps the addresses whatever the installing machine's own setting, so `npm install`
    // writes the same lock everywhere; a registry mirror still works (npm rewrites the host).
    const incomplete = Object.entries(lock.packages)
      .filter(([p, e]) => p !== '' && !e.link && !e.inBundle && !e.extraneous)
      .filter(([, e]) => !e.integrity || !e.resolved?.startsWith('https://registry.npmjs.org/'))
      .map(([p]) => p);
    expect(incomplete).toEqual([]);
  });
});
