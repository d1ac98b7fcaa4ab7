import { gb11643CheckChar } from '../contracts/define.ts';
import { pad2 } from './calendar.ts';
import { hash32, type Rng, WeightedTable } from './random.ts';

/**
 * Fake but plausible personal identifiers: names weighted like a Hunan county's surnames, 18-digit
 * ID numbers (GB 11643) issued in the household's county, and mobile numbers. None belongs to a
 * real person except by coincidence. The name and phone tables here are the only ones: the
 * province generator (DuckDB SQL) draws from them too, and the bundled sample (data/sample) is
 * written by the generator (npm run sample).
 */

// Relative frequency, loosely after the 2020 census with Hunan's own common names (谭, 彭, 曾, 易, 贺) lifted.
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['刘', 72], ['李', 68], ['王', 60], ['陈', 55], ['张', 52], ['周', 42], ['彭', 38], ['谭', 36],
  ['胡', 34], ['唐', 33], ['罗', 31], ['曾', 30], ['黄', 30], ['邓', 28], ['杨', 28], ['易', 22],
  ['贺', 20], ['龙', 18], ['赵', 18], ['吴', 18], ['文', 16], ['朱', 16], ['肖', 16], ['蒋', 15],
  ['廖', 14], ['何', 14], ['徐', 13], ['孙', 12], ['郭', 12], ['谢', 12], ['许', 11], ['欧阳', 10],
  ['袁', 10], ['石', 10], ['汤', 9], ['钟', 9], ['马', 9], ['高', 9], ['林', 8], ['宋', 8],
  ['郑', 8], ['梁', 8], ['韩', 7], ['冯', 7], ['曹', 7], ['田', 7], ['丁', 6], ['姜', 6], ['向', 6],
  ['雷', 6], ['毛', 6], ['龚', 6], ['邹', 6], ['熊', 6], ['夏', 5], ['陶', 5], ['尹', 5], ['段', 5],
  ['颜', 5], ['左', 4], ['成', 4], ['伍', 4], ['戴', 4], ['童', 4], ['严', 4], ['阳', 4], ['司马', 1],
];

export const MALE_CHARS: readonly string[] = [...'建国军华明强伟勇平志红春林海涛斌超德新文永生福贵发荣忠兵良富利清光辉满运正雄云飞']
  .concat([...'长根宝金财友安家和德胜少峰湘江桂松柏']);
export const FEMALE_CHARS: readonly string[] = [...'秀英兰芳桂华玉珍凤霞春梅丽娟红燕琴菊莲花翠敏静娥妹香艳芬亚美群']
  .concat([...'莉萍淑素湘月云晓']);

const surnameTable = new WeightedTable(SURNAMES);

export function personName(rng: Rng, male = rng.chance(0.5)): string {
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const surname = surnameTable.draw(rng);
  const given = rng.chance(0.72) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return surname + given;
}

export const MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ['130', 3], ['131', 3], ['132', 3], ['133', 3], ['134', 2], ['135', 6], ['136', 5], ['137', 5],
  ['138', 6], ['139', 6], ['150', 4], ['151', 4], ['152', 3], ['153', 3], ['155', 3], ['156', 3],
  ['157', 2], ['158', 4], ['159', 4], ['180', 3], ['181', 3], ['182', 3], ['183', 2], ['184', 1],
  ['185', 2], ['186', 3], ['187', 3], ['188', 2], ['189', 3],
];
const prefixTable = new WeightedTable(MOBILE_PREFIXES);

/** A weighted table as a plain list, each item repeated by its weight: for indexing by a hash (SQL) or one draw. */
export function expandWeights(table: readonly (readonly [string, number])[]): string[] {
  return table.flatMap(([item, w]) => Array.from({ length: w }, () => item));
}

export function mobile(rng: Rng): string {
  let digits = prefixTable.draw(rng);
  for (let i = 0; i < 8; i++) digits += String(rng.int(0, 9));
  return digits;
}

// Birth dates of household heads: 1944-01-01 … 1999-12-31.
const BIRTH_EPOCH = Date.UTC(1944, 0, 1);
const BIRTH_DAYS = Math.round((Date.UTC(2000, 0, 1) - BIRTH_EPOCH) / 86_400_000);
// Coprime with BIRTH_DAYS (20454 = 2·3·7·487), so ordinal → birth day is a permutation.
const DAY_STEP = 7919;

/**
 * The ID number of the `ordinal`-th household head of a county. Unique within the county by
 * construction: the ordinal picks the birth day through a permutation, and ordinals that share a
 * birth day get different sequence codes. The sequence code's parity is the sex (odd = male).
 */
export function idNumber(seed: number, countyCode: string, ordinal: number, male: boolean): string {
  const offset = hash32(seed, 'birth-offset', countyCode) % BIRTH_DAYS;
  const day = (ordinal * DAY_STEP + offset) % BIRTH_DAYS;
  const round = Math.floor(ordinal / BIRTH_DAYS);
  const decade = hash32(seed, 'seq', countyCode, day) % 50;
  const seq = 10 * decade + 2 * round + (male ? 1 : 0);
  if (seq > 999) throw new Error(`county ${countyCode} has too many households for unique ID numbers`);
  const birth = new Date(BIRTH_EPOCH + day * 86_400_000);
  const first17 =
    countyCode +
    String(birth.getUTCFullYear()) +
    pad2(birth.getUTCMonth() + 1) +
    pad2(birth.getUTCDate()) +
    String(seq).padStart(3, '0');
  return first17 + gb11643CheckChar(first17);
}

/** A check character other than the right one: the dirt kind `bad_check_digit`. */
export function wrongCheckChar(id: string, rng: Rng): string {
  const right = gb11643CheckChar(id.slice(0, 17));
  const others = [...'0123456789X'].filter((c) => c !== right);
  return id.slice(0, 17) + rng.pick(others);
}
