/**
 * Writes the data dictionary as Markdown (docs/data-dictionary.md) and as a site page
 * (reports/dictionary.md).  npm run dictionary [-- --check]
 */
import '../core/cli-errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { npmArgs } from '../core/npm-args.ts';
import { ROOT } from '../core/config.ts';
import { warehouse } from '../core/warehouse.ts';
import { asEvidencePage, dictionaryMarkdown } from './dictionary-lib.ts';

const DICTIONARY_FILES = { markdown: path.join(ROOT, 'docs', 'data-dictionary.md'), page: path.join(ROOT, 'reports', 'dictionary.md') };

const program = new Command().option('--check', '只检查是否最新');
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ check?: boolean }>();
const wh = await warehouse({ readOnly: true });
const md = await dictionaryMarkdown(wh);
wh.close();
const files: [string, string][] = [[DICTIONARY_FILES.markdown, md], [DICTIONARY_FILES.page, asEvidencePage(md)]];
if (opts.check) {
  const stale = files.filter(([f, text]) => !fs.existsSync(f) || fs.readFileSync(f, 'utf8') !== text);
  for (const [f] of stale) console.error(`${path.relative(ROOT, f)} 已过期，请运行 npm run dictionary`);
  process.exit(stale.length ? 1 : 0);
}
for (const [f, text] of files) {
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  console.log(`已生成 ${path.relative(ROOT, f)}`);
}
