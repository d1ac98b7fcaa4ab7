import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';

// The benchmark is a script, not a test: nothing here looks at a time. This only keeps the
// script working: it runs end to end on a small file and reports what it measured.
describe('npm run bench:ingest', () => {
  it('loads the same file both ways, reconciles our counts and prints times and ratios', () => {
    const dir = path.join(tempDir('bench'), 'work');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('pipelines/bench/ingest.ts'), '--rows', '3000', '--runs', '2', '--dir', dir], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const counts = /读取 ([\d,]+)，加载 ([\d,]+)，拒收 ([\d,]+)/.exec(r.stdout);
    const [read, loaded, rejected] = counts!.slice(1).map((n) => Number(n.replaceAll(',', '')));
    // Rows 0, 997, 1994 and 2991 carry a planted 19-digit ID number.
    expect({ read, loaded, rejected }).toEqual({ read: 3000, loaded: 2996, rejected: 4 });
    expect(r.stdout.match(/^ {2}第\d轮：裸DuckDB read_csv [\d.]+秒（CPU [\d.]+秒），我们的加载器 [\d.]+秒（CPU [\d.]+秒），本轮比值 [\d.]+×；按合同类型读取、不做校验 [\d.]+秒（[\d.]+×），按类型读取＋同一遍校验 [\d.]+秒（[\d.]+×）$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/比值：[\d.]+×（最快一轮相比；目标 ≤ 1\.3×）/);
    expect(r.stdout).toMatch(/各轮比值中位数 [\d.]+×，CPU 时间之比 [\d.]+×/);
    expect(r.stdout).toMatch(/按合同类型读取（store_rejects，不做任何校验）→ 表：最快 [\d.]+秒（CPU [\d.]+秒），各轮比值中位数 [\d.]+×/);
    expect(r.stdout).toMatch(/下界）：最快 [\d.]+秒（CPU [\d.]+秒），各轮比值中位数 [\d.]+×/);
    // The lower bound judges the rows as our loader does: the same four planted ID numbers break a rule.
    expect(r.stdout).toMatch(/按类型读取＋同一遍校验（下界）：违反规则 4 行/);
    // Without --keep the generated file and both warehouses are gone.
    expect(fs.existsSync(dir)).toBe(false);
  }, 120_000);
});

describe('npm run bench:layouts', () => {
  it('loads one month written in mixed and in codes layout, and prints rows and times of each', () => {
    const dir = path.join(tempDir('bench-layouts'), 'work');
    const args = ['--scale', 'sample', '--month', '2024-02', '--rounds', '1', '--dirt', '0', '--dir', dir];
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('pipelines/bench/layouts.ts'), ...args], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const row = (layout: string) => {
      const m = new RegExp(`^\\| ${layout}（[^|]+\\| (\\d+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| (\\d+) \\| [\\d.]+ 秒 \\| [\\d.]+ 秒 \\|$`, 'm').exec(r.stdout);
      expect(m, `${layout}\n${r.stdout}`).not.toBeNull();
      const [files, read, loaded, warned, rejected, failed] = m!.slice(1).map((n) => Number(n.replaceAll(',', ''))) as [number, number, number, number, number, number];
      return { files, read, loaded, warned, rejected, failed };
    };
    const codes = row('codes');
    const mixed = row('mixed');
    // Clean files: the same campaign loads every row either way; mixed comes as more files (a town's own).
    expect(codes).toMatchObject({ warned: 0, rejected: 0, failed: 0 });
    expect(mixed).toMatchObject({ read: codes.read, loaded: codes.read, warned: 0, rejected: 0, failed: 0 });
    expect(codes.loaded).toBe(codes.read);
    expect(mixed.files).toBeGreaterThan(codes.files);
    expect(r.stdout).toMatch(/mixed \/ codes 用时之比：[\d.]+×（CPU [\d.]+×）/);
  }, 180_000);
});
