/**
 * Finding personal values in one piece of text. The rules cannot be walked around:
 * - Names are looked for everywhere: two-character names and names inside longer text alike.
 *   A name is exempt only where that occurrence stands inside a place name of the warehouse which is
 *   longer than the name or is the whole run of Chinese text (杨X村村民委员会, a table cell 石塘),
 *   never because the same characters occur elsewhere (石塘家 is a name beside the village 石塘村).
 *   The sets and the rule are those staging masks free text with (names.ts). An allow-list entry
 *   names the word and the file it may stand in (石塘@data/x.parquet).
 * - ID numbers and phones are compared after folding full-width digits and removing spaces and
 *   dashes between digits (430321 1955 0829 2317, １３８－１２９７－８２６４).
 * - Every exemption is counted, so the gate can print what it let through and why.
 */
import { foldNumber, mask, type SecretKind, type Secrets } from './secrets.ts';

export interface Hit {
  kind: SecretKind;
  value: string;
  index: number;
}

export interface AllowEntry {
  word: string;
  /** Relative path pattern; `*` matches within a folder, `**` across folders. */
  file: string;
}

export const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+/g;
const SEP = '[\\s\\u3000\\-\\u2010-\\u2015\\u2212\\uff0d]{0,3}';
const ID_RUN = new RegExp(`(?<![0-9])[0-9](?:${SEP}[0-9]){16}${SEP}[0-9Xx](?![0-9])`, 'g');
const PHONE_RUN = new RegExp(`(?<![0-9])[01](?:${SEP}[0-9]){9,11}(?![0-9])`, 'g');
const TOKEN_DASHED = /(?<![0-9A-Za-z])[0-9A-Za-z][0-9A-Za-z\-\u2010-\u2015\uff0d]{3,}/g;
const TOKEN_SPACED = /(?<![0-9A-Za-z])[0-9A-Za-z](?:[ \-]?[0-9A-Za-z]){3,40}(?![0-9A-Za-z])/g;

/** Full-width digits and X as ASCII; one code unit each, so positions stay the same. */
function foldWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff38\uff58]/g, (c) => (c === '\uff38' || c === '\uff58' ? 'X' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)));
}

export function fileMatcher(pattern: string): (file: string) => boolean {
  const re = new RegExp(
    `^${pattern
      .split('**')
      .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
      .join('.*')}$`,
  );
  return (file) => re.test(file);
}

/** Parses `词@文件` entries; a word without a file is refused, so nothing is allowed everywhere. */
export function parseAllow(entries: string[]): AllowEntry[] {
  return entries
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const at = e.indexOf('@');
      if (at <= 0 || at === e.length - 1) {
        throw new Error(`允许名单的每一项须写明词和文件（词@文件），不能在所有文件中放行：${e.length > 1 ? `${e[0]}*` : e} / allow entries need word@file`);
      }
      return { word: e.slice(0, at), file: e.slice(at + 1) };
    });
}

export interface ScanOptions {
  /** Allow-list entries that apply to this file. */
  allow?: AllowEntry[];
  /** Exemptions counted here: a printable reason (with the name masked) → occurrences. */
  exemptions?: Map<string, number>;
  /**
   * What each run of Chinese text holds, remembered across texts and files (a site repeats the same
   * village names and labels hundreds of thousands of times). Used only where no allow entry
   * applies, since an allow entry is specific to a file; the result for a run depends on nothing else.
   */
  runs?: RunMemo;
  /** false: numbers only (the caller matches this text's runs of Chinese on its own). */
  names?: boolean;
}

/** Names found in a run (offsets within it) and the exemptions it counts, per distinct run. */
export type RunMemo = Map<string, { hits: { value: string; at: number }[]; exempt: string[] }>;

function maskWithin(word: string, name: string): string {
  const i = word.indexOf(name);
  return i < 0 ? mask('name', word) : word.slice(0, i) + mask('name', name) + word.slice(i + name.length);
}

const longestName = new WeakMap<Set<string>, number>();
function longest(names: Set<string>): number {
  let n = longestName.get(names);
  if (n === undefined) {
    n = 0;
    for (const s of names) n = Math.max(n, s.length);
    longestName.set(names, n);
  }
  return n;
}

const shortestId = new WeakMap<Set<string>, number>();
/** The shortest 户编号 held: a token shorter than that (before folding) cannot be one. */
function shortest(ids: Set<string>): number {
  let n = shortestId.get(ids);
  if (n === undefined) {
    n = Infinity;
    for (const s of ids) n = Math.min(n, s.length);
    shortestId.set(ids, n);
  }
  return n;
}

/** foldNumber for a match of the text after foldWidth: most tokens have no separator to remove. */
const PLAIN = /^[0-9A-Za-z]*$/;
const fold = (token: string) => (PLAIN.test(token) ? token.toUpperCase() : foldNumber(token));

/** Every secret found in one piece of text (exempt occurrences are counted, not returned). */
export function scanText(text: string, secrets: Secrets, opts: ScanOptions = {}): Hit[] {
  const found: Hit[] = [];
  const { id_number, phone, household_id, name } = secrets.byKind;
  if (/[0-9\uff10-\uff19]/.test(text)) {
    const folded = foldWidth(text);
    if (id_number.size) {
      for (const m of folded.matchAll(ID_RUN)) {
        const v = fold(m[0]);
        if (id_number.has(v)) found.push({ kind: 'id_number', value: v, index: m.index });
      }
    }
    if (phone.size) {
      for (const m of folded.matchAll(PHONE_RUN)) {
        const v = fold(m[0]);
        if (phone.has(v)) found.push({ kind: 'phone', value: v, index: m.index });
      }
    }
    if (household_id.size) {
      const seen = new Set<number>();
      const min = shortest(household_id);
      for (const re of [TOKEN_DASHED, TOKEN_SPACED]) {
        for (const m of folded.matchAll(re)) {
          if (m[0].length < min) continue; // folding only removes characters
          const v = fold(m[0]);
          if (household_id.has(v) && !seen.has(m.index)) {
            seen.add(m.index);
            found.push({ kind: 'household_id', value: v, index: m.index });
          }
        }
      }
    }
  }
  if (name.size > 0 && opts.names !== false) {
    const memo = opts.allow?.length ? undefined : opts.runs;
    for (const m of text.matchAll(CJK_RUN)) {
      const run = m[0];
      if (run.length < 2) continue;
      let r = memo?.get(run);
      if (!r) {
        r = namesInRun(run, secrets, opts.allow);
        memo?.set(run, r);
      }
      for (const reason of r.exempt) count(opts, reason);
      for (const h of r.hits) found.push({ kind: 'name', value: h.value, index: m.index + h.at });
    }
  }
  return found;
}

/**
 * The places in a run: [from, to) of each occurrence of a place name. A name inside one of them is
 * exempt when the place is longer than the name or is the whole run (names.ts states the rule).
 */
function placesInRun(run: string, places: Set<string>): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  if (places.size === 0) return out;
  const maxLen = longest(places);
  for (let i = 0; i < run.length - 1; i++) {
    for (let len = 2; len <= maxLen && i + len <= run.length; len++) if (places.has(run.slice(i, i + len))) out.push({ from: i, to: i + len });
  }
  return out;
}

/** The names in one run of Chinese text, and the exemptions (place, allow entry) it counts. */
function namesInRun(run: string, secrets: Secrets, allow: AllowEntry[] | undefined): { hits: { value: string; at: number }[]; exempt: string[] } {
  const name = secrets.byKind.name;
  const maxLen = longest(name);
  const hits: { value: string; at: number }[] = [];
  const exempt: string[] = [];
  let places: { from: number; to: number }[] | undefined;
  let allowed: { word: string; from: number; to: number }[] | undefined;
  for (const a of allow ?? []) {
    for (let i = run.indexOf(a.word); i >= 0; i = run.indexOf(a.word, i + 1)) (allowed ??= []).push({ word: a.word, from: i, to: i + a.word.length });
  }
  for (let i = 0; i < run.length - 1; i++) {
    for (let len = 2; len <= maxLen && i + len <= run.length; len++) {
      const sub = run.slice(i, i + len);
      if (!name.has(sub)) continue;
      places ??= placesInRun(run, secrets.places);
      const place = places.find((p) => p.from <= i && i + len <= p.to && (p.to - p.from > len || p.to - p.from === run.length));
      if (place) {
        const word = run.slice(place.from, place.to);
        exempt.push(word === run ? `姓名 ${mask('name', sub)} 在地名单元格“${maskWithin(run, sub)}”中` : `姓名 ${mask('name', sub)} 在地名“${maskWithin(word, sub)}”中`);
        continue;
      }
      const cover = allowed?.find((a) => a.from <= i && i + len <= a.to);
      if (cover) {
        exempt.push(`姓名 ${mask('name', sub)} 在允许名单的词“${maskWithin(cover.word, sub)}”中`);
        continue;
      }
      hits.push({ value: sub, at: i });
    }
  }
  return { hits, exempt };
}

function count(opts: ScanOptions, reason: string): void {
  opts.exemptions?.set(reason, (opts.exemptions.get(reason) ?? 0) + 1);
}

/** `text` with every secret in it masked, and any long digit run hidden, so a report never repeats what it found. */
export function maskAll(text: string, secrets: Secrets): string {
  let out = text;
  for (const m of out.matchAll(CJK_RUN)) {
    const run = m[0];
    let masked = run;
    for (const hit of scanText(run, { ...secrets, places: new Set() }).sort((a, b) => b.value.length - a.value.length)) {
      masked = masked.split(hit.value).join(mask('name', hit.value));
    }
    if (masked !== run) out = out.split(run).join(masked);
  }
  return foldWidth(out).replace(/[0-9](?:[\s\-]{0,3}[0-9]){6,}[0-9Xx]?/g, (d) => mask('phone', d.replace(/[\s\-]/g, '')));
}
