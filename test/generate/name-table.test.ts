import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FEMALE_CHARS, MALE_CHARS, MOBILE_PREFIXES, SURNAMES } from '../../pipelines/generate/identities.ts';

describe('one name and phone table', () => {
  it('the bundled sample (written by the generator, npm run sample) draws its names and phones from the one table', () => {
    const bytes = fs.readFileSync(path.resolve('data/sample/2024-06/农户信息.csv'));
    const text = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? bytes.toString('utf8').slice(1) : iconv.decode(bytes, 'gb18030');
    const [header, ...lines] = text.trim().split(/\r?\n/).map((l) => l.split(','));
    const name = header!.indexOf('户主姓名');
    const phone = header!.indexOf('联系电话');
    const surnames = SURNAMES.map(([s]) => s);
    const given = new Set([...MALE_CHARS, ...FEMALE_CHARS]);
    const prefixes = new Set(MOBILE_PREFIXES.map(([p]) => p));
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      const n = l[name]!;
      if (n === '') continue; // a planted missing-name row
      const surname = surnames.find((s) => n.startsWith(s));
      expect(surname, n).toBeDefined();
      for (const ch of n.slice(surname!.length)) expect(given.has(ch), n).toBe(true);
      if (l[phone]) expect(prefixes.has(l[phone]!.slice(0, 3)), l[phone]).toBe(true);
    }
  });
});
