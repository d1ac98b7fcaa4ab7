import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { recoverNpmOptions } from '../../core/npm-args.ts';
import { tempDir } from '../helpers/warehouse.ts';

/** The options of `npm run export` and `npm run models`, as their CLIs declare them. */
const exportLike = () =>
  new Command().option('--month <month>').option('--area <code>').option('--internal').option('--no-pdf');
const modelsLike = () => new Command().option('--select <model>').option('--test').option('--quiet');
const loadLike = () => new Command().argument('<paths...>').option('--month <month>').option('--quiet');

// What npm leaves a script for `npm run <script> --internal --no-pdf --month 2024-06`, checked
// against npm 11: flags and valueless options as 'true', --no-x as '', the value as a bare word.
const npm = (script: string, env: Record<string, string>) => ({ npm_lifecycle_event: script, ...env });

describe('options npm kept when a command is typed without --', () => {
  it('gives flags back, and --no-x', () => {
    expect(recoverNpmOptions(exportLike(), [], npm('export', { npm_config_internal: 'true', npm_config_pdf: '' }))).toEqual({ args: ['--internal', '--no-pdf'] });
    expect(recoverNpmOptions(modelsLike(), [], npm('models', { npm_config_test: 'true' }))).toEqual({ args: ['--test'] });
  });

  it('gives a value back when one option and one bare word leave no doubt', () => {
    expect(recoverNpmOptions(modelsLike(), ['+mart_listing'], npm('models', { npm_config_select: 'true', npm_config_test: 'true' }))).toEqual({
      args: ['--select', '+mart_listing', '--test'],
    });
    expect(recoverNpmOptions(exportLike(), [], npm('export', { npm_config_month: '2024-06' }))).toEqual({ args: ['--month=2024-06'] });
  });

  it('refuses, in Chinese, to guess which bare word belongs to which option', () => {
    const twoValues = recoverNpmOptions(exportLike(), ['2024-06', '4303'], npm('export', { npm_config_month: 'true', npm_config_area: 'true' }));
    expect(twoValues).toEqual({ error: expect.stringContaining('npm run export -- --month … --area …') });
    // A command with arguments of its own: 'data 2024-06' could be two folders.
    const load = recoverNpmOptions(loadLike(), ['data', '2024-06'], npm('load', { npm_config_month: 'true' }));
    expect(load).toEqual({ error: expect.stringContaining('请在选项前加 --') });
  });

  it('leaves options passed after -- alone, and does nothing outside npm', () => {
    expect(recoverNpmOptions(modelsLike(), ['--select', 'mart_area', '--test'], npm('models', {}))).toEqual({ args: ['--select', 'mart_area', '--test'] });
    expect(recoverNpmOptions(exportLike(), ['x'], { npm_config_month: 'true' })).toEqual({ args: ['x'] });
  });

  it('works through npm itself: npm run models --test --select … runs the data tests', () => {
    // An unknown model fails after recovery, naming it; without recovery commander would refuse
    // the bare word ('too many arguments') and never see the name.
    const r = spawnSync('npm', ['run', '-s', 'models', '--test', '--select', 'no_such_model'], {
      cwd: path.resolve('.'),
      encoding: 'utf8',
      env: { ...process.env, CAMPAIGN_WAREHOUSE: path.join(tempDir('npm-args'), 'w.duckdb') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('模型运行失败，已回滚，marts 未改变：没有名为 no_such_model 的模型');
    expect(r.stderr).not.toContain('    at ');
  });
});
