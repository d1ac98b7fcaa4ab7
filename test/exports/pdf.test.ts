import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../core/config.ts';
import { kyselyFor } from '../../core/kysely.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { BUILD, pdfPageCount, pdfPagesText, printPdfs } from '../../exports/pdf.ts';
import { resolveScope, type Scope } from '../../exports/scope.ts';
import type { Database } from '../../models/generated/database.ts';
import { tempDir } from '../helpers/warehouse.ts';

// The site is built by `npm run demo` (CI runs it before `npm test`) from the demo warehouse.
const built = fs.existsSync(path.join(BUILD, 'index.html')) && fs.existsSync(config.warehousePath);

describe.skipIf(!built)('PDF exports of the built site', () => {
  let wh: Warehouse;
  let scope: Scope;
  let files: { file: string; note: string }[];
  const out = tempDir('pdf');

  beforeAll(async () => {
    wh = await Warehouse.open(config.warehousePath, { readOnly: true });
    scope = await resolveScope(kyselyFor<Database>(wh));
    files = await printPdfs(scope, out);
    // Look at them: page images for the reviewer.
    const shots = path.resolve('test-results', 'pdf');
    fs.mkdirSync(shots, { recursive: true });
    for (const f of files) execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '4', f.file, path.join(shots, path.basename(f.file, '.pdf'))]);
  }, 240_000);
  afterAll(() => wh?.close());

  it('prints the deck A4 landscape, one slide per page, with the month’s numbers', async () => {
    const deck = files[0]!.file;
    const pages = pdfPagesText(deck);
    expect(pdfPageCount(deck)).toBe(pages.length);
    expect(pages.length).toBeGreaterThanOrEqual(6);
    const size = execFileSync('pdfinfo', [deck], { encoding: 'utf8' });
    expect(size).toMatch(/Page size:\s+84\d\.\d+ x 59\d\.\d+ pts/);
    // every page is one slide: its number is the slide number
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).toMatch(new RegExp(`\\b${i + 1}\\b`)));
    const inc = await wh.one<{ p: number }>(`select remaining_poor_people as p from marts.mart_poverty_incidence where area_code = '${scope.areaCode}' and snapshot_month = '${scope.monthKey}-01'`);
    expect(pages.join('\n')).toContain(`未脱贫人口${inc.p}人`);
  });

  it('prints the 总结报告 A4 portrait with a table of contents and page numbers', async () => {
    const report = files[1]!.file;
    const pages = pdfPagesText(report);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(execFileSync('pdfinfo', [report], { encoding: 'utf8' })).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts/);
    pages.forEach((text, i) => expect(text).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`));
    const toc = pages.find((t) => t.includes('目录'))!;
    expect(toc).toMatch(/一、基本情况[.\s…·]*\d+/);
    // pdftotext puts a space where an inline value's element ends; the sentence is read without them.
    const all = pages.join('\n').replace(/\s+/g, '');
    const ends = await wh.all<{ i: number }>(`select poverty_incidence as i from marts.mart_poverty_incidence where area_code = '${scope.areaCode}' order by snapshot_month`);
    expect(all).toContain(`贫困发生率由${(ends[0]!.i * 100).toFixed(1)}%下降至${(ends.at(-1)!.i * 100).toFixed(2)}%`);
    expect(all).toContain('【待攻坚办填写】');
  });
});
