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

/** Canonical column for each header cell of a file (undefined where the header is not ours). */
export function mapHeaders(entity: EntityName, headers: readonly string[]): (string | undefined)[] {
  const index = aliasIndex.get(entity)!;
  const seen = new Set<string>();
  return headers.map((h) => {
    const name = index.get(normaliseHeader(h));
    if (name === undefined || seen.has(name)) return undefined;
    seen.add(name);
    return name;
  });
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
