/**
 * The child-process runner the build uses instead of bash: output lines reach the scanner (the
 * build fails on "Error in Query!" that way), exit codes come back, and a time limit ends the
 * whole process tree, grandchildren included (Evidence starts vite through npx and a shell).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../scripts/lib/run.ts';

const node = process.execPath;
/** Running (a killed process whose new parent has not reaped it yet is a zombie: not running). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const status = path.join('/', 'proc', String(pid), 'status');
  return !(fs.existsSync(status) && /^State:\s+Z/m.test(fs.readFileSync(status, 'utf8')));
};

describe('run', () => {
  test('passes each output line to the scanner and returns the exit code', async () => {
    const lines: string[] = [];
    const result = await run(node, ['-e', 'console.log("一"); console.error("Error in Query!"); process.exit(3)'], { quiet: true, onLine: (l) => lines.push(l) });
    expect(result).toEqual({ code: 3, timedOut: false });
    expect(lines.sort()).toEqual(['Error in Query!', '一']);
  });

  test('a time limit ends the child and its grandchild', async () => {
    let grandchild = 0;
    const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']); console.log(c.pid); setTimeout(() => {}, 60000);`;
    const result = await run(node, ['-e', script], { quiet: true, timeoutSeconds: 2, onLine: (l) => (grandchild ||= Number(l)) });
    expect(result.timedOut).toBe(true);
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(grandchild)).toBe(false);
  });
});
