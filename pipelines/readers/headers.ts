import { UNIT_YUAN } from '../contracts/define.ts';
import { columnsOf, contracts, entityNames, type Contract } from '../contracts/index.ts';
import type { EntityName } from '../../core/glossary.ts';

/** Headers on government forms carry line breaks, spaces and full-width punctuation. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/／/g, '/')
    .replace(/\*/g, '');
}

const aliasIndex = new Map<EntityName, Map<string, string>>(
  entityNames.map((e) => [
    e,
    new Map(columnsOf(contracts[e]).flatMap((c) => c.headers.map((h) => [normaliseHeader(h), c.name] as const))),
  ]),
);

/** A header's trailing unit in brackets: 下达金额(万元) → { base: 下达金额, unit: 万元 }. */
function splitUnit(normalised: string): { base: string; unit: string } | undefined {
  const m = /^(.+)\((万元|亿元|元|万|亿)(?:\/年)?\)$/.exec(normalised);
  return m ? { base: m[1]!, unit: m[2]! } : undefined;
}

/** The column a header names: as written, or without a unit in brackets that the column does not carry. */
function columnOf(entity: EntityName, header: string): string | undefined {
  const index = aliasIndex.get(entity)!;
  const h = normaliseHeader(header);
  const name = index.get(h);
  if (name !== undefined) return name;
  const split = splitUnit(h);
  return split ? index.get(split.base) ?? index.get(`${split.base}(元)`) : undefined;
}

/** Canonical column for each header cell of a file (undefined where the header is not ours). */
export function mapHeaders(entity: EntityName, headers: readonly string[]): (string | undefined)[] {
  const seen = new Set<string>();
  return headers.map((h) => {
    const name = columnOf(entity, h);
    if (name === undefined || seen.has(name)) return undefined;
    seen.add(name);
    return name;
  });
}

/**
 * Per number column, the factor from the unit its header names to the column's unit:
 * 下达金额（万元） → amount in 元 × 10000; 村集体经济收入（元） → 万元 × 0.0001. Columns whose
 * header names no unit, or the column's own, are absent (factor 1).
 */
export function headerScales(entity: EntityName, headers: readonly string[]): Map<string, number> {
  const columns = new Map(columnsOf(contracts[entity]).map((c) => [c.name, c]));
  const out = new Map<string, number>();
  mapHeaders(entity, headers).forEach((name, i) => {
    const c = name ? columns.get(name) : undefined;
    const unit = splitUnit(normaliseHeader(headers[i]!))?.unit;
    if (!c || !unit || (c.kind !== 'decimal' && c.kind !== 'int')) return;
    const from = UNIT_YUAN[unit];
    const to = UNIT_YUAN[(c.unit ?? '元').replace('/年', '')];
    if (from !== undefined && to !== undefined && from !== to) out.set(c.name, from / to);
  });
  return out;
}

export function headerScore(entity: EntityName, headers: readonly string[]): number {
  return mapHeaders(entity, headers).filter((n) => n !== undefined).length;
}

/** The line among the first rows that looks most like a header of any contract. */
export function findHeaderRow(rows: readonly string[][]): { index: number; entity: EntityName; score: number } | undefined {
  let best: { index: number; entity: EntityName; score: number } | undefined;
  rows.forEach((cells, index) => {
    for (const entity of entityNames) {
      const score = headerScore(entity, cells);
      if (score >= 3 && (!best || score > best.score)) best = { index, entity, score };
    }
  });
  return best;
}

/** Chooses the entity for a file: the one whose headers match best, ties broken by file-name hints. */
export function chooseEntity(headers: readonly string[], fileName: string): { entity: EntityName; contract: Contract } | undefined {
  const ranked = entityNames
    .map((entity) => ({
      entity,
      score: headerScore(entity, headers) + (contracts[entity].fileHints.some((h) => fileName.includes(h)) ? 0.5 : 0),
    }))
    .sort((a, b) => b.score - a.score);
  const top = ranked[0];
  if (!top || top.score < 3) return undefined;
  return { entity: top.entity, contract: contracts[top.entity] };
}
