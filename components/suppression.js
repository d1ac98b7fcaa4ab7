// How a suppressed count reads on a public site. privacy/public-warehouse.ts hides a household or
// person count below the threshold as NULL, and a complementary cell (hidden only so that a total
// cannot give a small one back; it is not small) as NaN. On a public site a NULL count therefore
// reads "<3" (the threshold of that warehouse, set by scripts/build-site.ts), and NaN — or any sum
// that took one in — reads "*": a hidden number that must not be read as small. An internal site
// (no threshold) formats everything as Evidence does.
//
// Evidence's Value and DataTable call this through globalThis.__campaignSuppressed (set by
// reports/+layout.svelte; patches/@evidence-dev+core-components+5.4.2.patch), so the rule lives here once.

/** A count column, by the mart's name (…_households, …_people) or a page's Chinese alias (…户数, …人口). */
export function isCountColumn(column) {
  if (typeof column !== 'string') return false;
  if (/^agri_(households|population)$/.test(column)) return false; // the village register, never suppressed
  return /(^|_)(households|people)$/.test(column) || /(户数|人数|人口|户次)$/.test(column);
}

/** The text for a cell of a public site, or null when the cell is an ordinary value. */
export function suppressedText(value, column, threshold) {
  if (!threshold) return null;
  if (typeof value === 'number' && Number.isNaN(value)) return '*';
  if ((value === null || value === undefined) && isCountColumn(column)) return `<${threshold}`;
  return null;
}
