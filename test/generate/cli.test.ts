import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';

function generate(out: string, extra: string[] = []) {
  const args = ['--import', 'tsx', path.resolve('pipelines/cli/generate.ts'), '--scale', 'town', '--months', '2', '--seed', '3', '--out', out, ...extra];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { ...r, lines: r.stdout.split('\n').filter((l) => l.trim() !== '') };
}

/** Every file below a folder with its size. */
function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => `${f} ${fs.statSync(path.join(dir, f)).size}`)
    .sort();
}

describe('npm run generate', () => {
  it('prints a line per month, or with --quiet only the result, and writes the same files either way', () => {
    const loudOut = path.join(tempDir('gen'), 'out');
    const loud = generate(loudOut);
    const quietOut = path.join(tempDir('gen'), 'out');
    const quiet = generate(quietOut, ['--quiet']);
    expect([loud.status, quiet.status]).toEqual([0, 0]);
    expect(loud.lines.filter((l) => /^2024-0\d {2}[\d,]+ 行/.test(l))).toHaveLength(2);
    expect(quiet.lines).toHaveLength(1);
    expect(quiet.lines[0]).toMatch(/^完成 \/ done: 14 个文件/);
    expect(fs.readdirSync(quietOut).filter((d) => /^\d{4}-\d{2}$/.test(d))).toHaveLength(2);
    expect(files(quietOut)).toEqual(files(loudOut));
  }, 60_000);
});
