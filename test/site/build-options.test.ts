/**
 * scripts/build-site.ts takes its output folder (--out), so an internal site (build/) and a public
 * one can both exist, and refuses a folder whose replacement would remove the project; the
 * audience and the threshold of the <N> marks come from the warehouse itself (meta.publication).
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../core/config.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { BUILD_DIR, outputDir, siteAudience } from '../../scripts/build-site.ts';
import { tempDir } from '../helpers/warehouse.ts';

describe('the site build’s output folder and audience', () => {
  test('any folder outside the project’s sources, build/ by default; never the project or a source folder', () => {
    expect(outputDir(undefined)).toBe(BUILD_DIR);
    expect(outputDir(path.join(ROOT, 'out', 'public-site'))).toBe(path.join(ROOT, 'out', 'public-site'));
    const elsewhere = tempDir('site-out');
    expect(outputDir(elsewhere)).toBe(elsewhere);
    for (const bad of [ROOT, path.dirname(ROOT), path.join(ROOT, 'reports'), path.join(ROOT, 'reports', 'x'), path.join(ROOT, 'node_modules')]) {
      expect(() => outputDir(bad), bad).toThrow(/不能是项目文件夹/);
    }
  });

  test('a warehouse is internal unless it says it was derived for the public, with its threshold', async () => {
    const dir = tempDir('site-audience');
    const internal = path.join(dir, 'internal.duckdb');
    const pub = path.join(dir, 'public.duckdb');
    for (const [file, sql] of [
      [internal, `create schema meta; create table meta.parameters (name varchar, value varchar)`],
      [pub, `create schema meta; create table meta.publication as select 'public' as audience, 4 as small_cell_threshold, current_timestamp as derived_at`],
    ] as const) {
      const wh = await Warehouse.open(file);
      await wh.run(sql);
      wh.close();
    }
    expect(await siteAudience(internal)).toEqual({ audience: 'internal', threshold: null });
    expect(await siteAudience(pub)).toEqual({ audience: 'public', threshold: 4 });
  });
});
