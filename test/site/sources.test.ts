/**
 * Everything a source selects is published (build/data/**.parquet), so the sources must be
 * exactly one thin select per mart whose YAML says `publish: true`, listing only documented
 * columns, plus the existing load summary of meta.loads. Nothing from raw/staging/intermediate,
 * never mart_household_analyst, never a personal column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { ROOT } from '../../core/config.ts';

const SOURCES = path.join(ROOT, 'sources', 'warehouse');
const MARTS = path.join(ROOT, 'models', 'marts');

interface MartYaml {
  model: string;
  publish?: boolean;
  columns: { name: string }[];
}

const marts: MartYaml[] = fs
  .readdirSync(MARTS)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => YAML.parse(fs.readFileSync(path.join(MARTS, f), 'utf8')) as MartYaml);
const published = new Map(marts.filter((m) => m.publish === true).map((m) => [m.model, m]));
const sources = fs
  .readdirSync(SOURCES)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(SOURCES, f), 'utf8') }));
/** The SQL without comments, lower-cased. */
const code = (sql: string) => sql.replace(/--.*$/gm, '').toLowerCase();

describe('published sources', () => {
  test('every published mart has exactly one source named after it', () => {
    const names = new Set(sources.map((s) => s.name));
    expect([...published.keys()].filter((m) => !names.has(m))).toEqual([]);
  });

  test('sources read only their published mart (or meta.loads for load_summary)', () => {
    for (const { name, sql } of sources) {
      const tables = [...code(sql).matchAll(/\b(?:from|join)\s+([a-z_]+\.[a-z_]+)/g)].map((m) => m[1]);
      if (name === 'load_summary') {
        expect(new Set(tables), name).toEqual(new Set(['meta.loads']));
        continue;
      }
      expect(published.has(name), `${name}: no published mart of that name`).toBe(true);
      expect(new Set(tables), name).toEqual(new Set([`marts.${name}`]));
    }
  });

  test('no source selects a personal or undocumented column', () => {
    const personal = /\b(head_name|id_number|phone|helper_name|helper_phone|payee_name|leader_name|responsible_person|responsible_phone|household_id|household_key|description)\b/;
    for (const { name, sql } of sources) {
      expect(code(sql), name).not.toMatch(personal);
      const mart = published.get(name);
      if (!mart || /group by/.test(code(sql))) continue; // aggregating sources define their own columns
      const select = code(sql).split(/\bfrom\b/)[0]?.replace(/^\s*select/, '') ?? '';
      const columns = select.split(',').map((c) => c.trim()).filter(Boolean);
      const documented = new Set(mart.columns.map((c) => c.name));
      expect(columns.filter((c) => !documented.has(c)), name).toEqual([]);
    }
  });

  test('mart_household_analyst is never published', () => {
    expect(sources.some((s) => /mart_household_analyst/.test(code(s.sql)))).toBe(false);
  });
});
