/**
 * data/sample is the generator's output (npm run sample), not a second engine's: regenerating it
 * with the command package.json names gives the committed files byte for byte.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE, tempDir } from '../helpers/warehouse.ts';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => f.split(path.sep).join('/')).sort();
}

describe('the bundled sample', () => {
  it('is exactly what `npm run sample` writes', () => {
    const script = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')).scripts.sample as string;
    const [tsx, cli, ...args] = script.split(' ');
    expect([tsx, cli]).toEqual(['tsx', 'pipelines/cli/generate.ts']);
    const out = path.join(tempDir('sample'), 'sample');
    const at = args.indexOf('--out');
    args[at + 1] = out;
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve(cli!), ...args], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const files = filesUnder(SAMPLE);
    expect(files).toEqual(filesUnder(out));
    expect(files).toContain('generation.json');
    for (const f of files) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(SAMPLE, f))), f).toBe(true);
  });
});
