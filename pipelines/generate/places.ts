import type { VILLAGE_CATEGORIES } from '../contracts/village.ts';
import { Rng } from './random.ts';

/**
 * The administrative tree a demo campaign runs in: counties → towns (乡镇/街道) → 行政村, with
 * 12-digit 统计用区划代码 (town digits 001–099 街道, 100–199 镇, 200–399 乡) and a household count
 * per village. Counties in 湘潭市 use their real codes and names; towns and villages get real-looking
 * codes and invented names.
 */

export type Scale = 'sample' | 'town' | 'county' | 'city' | 'province';
export const SCALES: readonly Scale[] = ['sample', 'town', 'county', 'city', 'province'];

/** 'seed001': the calibrated 乡 of seed 001. 'typical': most 建档立卡 already 脱贫 at the start. */
export type TownProfile = 'seed001' | 'typical';
export type VillageCategory = (typeof VILLAGE_CATEGORIES)[number];

export interface Village {
  code: string;
  name: string;
  households: number;
  category: VillageCategory;
  /** 0 = on schedule; up to 1 = the campaign's slowest: late lifting, late payments, late fixes. */
  lag: number;
  /** Share of households that are 建档立卡 (historically registered poor). */
  registeredRate: number;
}

export interface Town {
  code: string;
  name: string;
  profile: TownProfile;
  villages: Village[];
}

export interface County {
  code: string;
  name: string;
  cityName: string;
  towns: Town[];
}

export interface Geography {
  scale: Scale;
  provinceName: string;
  /** The unit a ledger title names: 湘潭县, 湘潭市, 湖南省. */
  scopeName: string;
  counties: County[];
}

const XIANGTAN_COUNTIES = [
  { code: '430302', name: '雨湖区', households: 30_000, streets: 3, towns: 4 },
  { code: '430304', name: '岳塘区', households: 20_000, streets: 3, towns: 2 },
  { code: '430321', name: '湘潭县', households: 100_000, streets: 0, towns: 14 },
  { code: '430381', name: '湘乡市', households: 85_000, streets: 2, towns: 12 },
  { code: '430382', name: '韶山市', households: 15_000, streets: 1, towns: 3 },
] as const;

// Hunan's real city codes and names; the counties under them are invented.
const HUNAN_CITIES = [
  ['01', '长沙市', 6], ['02', '株洲市', 7], ['03', '湘潭市', 5], ['04', '衡阳市', 10], ['05', '邵阳市', 11],
  ['06', '岳阳市', 8], ['07', '常德市', 8], ['08', '张家界市', 3], ['09', '益阳市', 6], ['10', '郴州市', 10],
  ['11', '永州市', 10], ['12', '怀化市', 11], ['13', '娄底市', 5], ['31', '湘西土家族苗族自治州', 7],
] as const;

const PLACE_FIRST = [...'石花青白杨柳梅桃竹松枫龙凤金银黄红清高长新乌云双三大小东南西北上下中古马牛鹤湘潭韶涟'];
const PLACE_SECOND = [...'山桥塘冲坪湾溪田江河岭峰泉源林坡洲垅湖港铺桥坝岗头'];
const VILLAGE_SUFFIX_CHARS = [...'兴丰和安福寿光明星华新合庆胜利春'];

function placeName(rng: Rng, used: Set<string>, suffix: string): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base =
      rng.chance(0.2) ? rng.pick(PLACE_FIRST) + rng.pick(VILLAGE_SUFFIX_CHARS) : rng.pick(PLACE_FIRST) + rng.pick(PLACE_SECOND);
    const name = base + suffix;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  // Only reached when a parent has hundreds of children; a number keeps names unique.
  const name = `${rng.pick(PLACE_FIRST)}${rng.pick(PLACE_SECOND)}${used.size}${suffix}`;
  used.add(name);
  return name;
}

/** Splits `total` into `parts` positive integers, roughly lognormal, summing exactly to total. */
export function splitTotal(rng: Rng, total: number, parts: number, sigma: number, min = 1): number[] {
  const weights = Array.from({ length: parts }, () => Math.exp(sigma * rng.normal()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.max(min, Math.floor((w / sum) * total)));
  let diff = total - out.reduce((a, b) => a + b, 0);
  let i = 0;
  while (diff !== 0) {
    const k = i % parts;
    if (diff > 0) {
      out[k] = (out[k] as number) + 1;
      diff--;
    } else if ((out[k] as number) > min) {
      out[k] = (out[k] as number) - 1;
      diff++;
    }
    i++;
  }
  return out;
}

function typicalTown(seed: number, townCode: string, townName: string, households: number): Town {
  const rng = Rng.of(seed, 'town', townCode);
  const villageCount = Math.max(3, Math.round(households / rng.between(260, 420)));
  const sizes = splitTotal(rng, households, villageCount, 0.35, 60);
  const used = new Set<string>();
  const villages = sizes.map((size, i): Village => {
    const vr = Rng.of(seed, 'village', townCode, i);
    const poor = vr.chance(0.12);
    const category: VillageCategory = poor
      ? vr.weighted([['省定贫困村', 2], ['十二五贫困村', 1], ['十三五贫困村', 2]] as const)
      : '非贫困村';
    const lagging = vr.chance(poor ? 0.06 : 0.008);
    return {
      code: `${townCode}${String(i + 1).padStart(3, '0')}`,
      name: placeName(vr, used, '村'),
      households: size,
      category,
      lag: lagging ? vr.between(0.6, 1) : vr.between(0, 0.3),
      registeredRate: poor ? vr.between(0.14, 0.26) : Math.min(0.25, vr.logNormal(0.09, 0.3)),
    };
  });
  return { code: townCode, name: townName, profile: 'typical', villages };
}

/** Seed 001's 乡: 2550 households in 12 villages, two of them 贫困村, two lagging. */
function seed001Town(seed: number): Town {
  const townCode = '430321200';
  const rng = Rng.of(seed, 'town', townCode);
  const used = new Set<string>();
  const townName = placeName(rng, new Set(), '乡');
  const sizes = splitTotal(rng, 2550 - 2 * 290, 10, 0.2, 120);
  sizes.splice(2, 0, 290);
  sizes.splice(7, 0, 290);
  const villages = sizes.map((size, i): Village => {
    const vr = Rng.of(seed, 'village', townCode, i);
    const category: VillageCategory = i === 2 ? '省定贫困村' : i === 7 ? '十三五贫困村' : '非贫困村';
    const lagging = i === 2 || i === 7 || i === 10;
    return {
      code: `${townCode}${String(i + 1).padStart(3, '0')}`,
      name: placeName(vr, used, '村'),
      households: size,
      category,
      lag: lagging ? vr.between(0.65, 1) : vr.between(0, 0.3),
      registeredRate: category === '非贫困村' ? 0.26 : 0.38,
    };
  });
  return { code: townCode, name: townName, profile: 'seed001', villages };
}

/**
 * The bundled sample (data/sample, `npm run sample`): one 乡 of three small villages with fixed
 * names, small enough to read by eye and to name in tests.
 */
function sampleTown(): Town {
  const code = '430321200';
  const village = (n: number, name: string, category: VillageCategory, registeredRate: number, lag: number): Village =>
    ({ code: `${code}${String(n).padStart(3, '0')}`, name, households: 15, category, lag, registeredRate });
  return {
    code,
    name: '白石乡',
    profile: 'typical',
    villages: [village(1, '石门村', '十三五贫困村', 0.4, 0.6), village(2, '双桥村', '省定贫困村', 0.5, 0.9), village(3, '花园村', '非贫困村', 0.2, 0.1)],
  };
}

function townCodes(countyCode: string, streets: number, towns: number, xiang: number): string[] {
  const codes: string[] = [];
  for (let i = 1; i <= streets; i++) codes.push(`${countyCode}${String(i).padStart(3, '0')}`);
  for (let i = 0; i < towns; i++) codes.push(`${countyCode}${100 + i}`);
  for (let i = 0; i < xiang; i++) codes.push(`${countyCode}${200 + i}`);
  return codes;
}

function typicalCounty(seed: number, code: string, name: string, cityName: string, households: number, streets: number, towns: number): County {
  const rng = Rng.of(seed, 'county', code);
  const xiang = Math.floor(towns / 5);
  const codes = townCodes(code, streets, towns - xiang, xiang);
  const sizes = splitTotal(rng, households, codes.length, 0.3, 400);
  const used = new Set<string>();
  return {
    code,
    name,
    cityName,
    towns: codes.map((townCode, i) => {
      const kind = Number(townCode.slice(6)) < 100 ? '街道' : Number(townCode.slice(6)) < 200 ? '镇' : '乡';
      const tr = Rng.of(seed, 'town-name', townCode);
      return typicalTown(seed, townCode, placeName(tr, used, kind), sizes[i] as number);
    }),
  };
}

/**
 * `households` (city scale only) grows or shrinks 湘潭市 to that many households: each county's
 * households and its number of 镇/乡 scale together, so towns keep their usual size and a larger
 * city has more towns and villages (650,000 households ≈ 2,000 villages, the size of a large city).
 */
export function planGeography(scale: Scale, seed: number, opts: { households?: number } = {}): Geography {
  switch (scale) {
    case 'sample':
      return { scale, provinceName: '湖南省', scopeName: '湘潭县白石乡', counties: [{ code: '430321', name: '湘潭县', cityName: '湘潭市', towns: [sampleTown()] }] };
    case 'town':
      return {
        scale,
        provinceName: '湖南省',
        scopeName: '湘潭县',
        counties: [{ code: '430321', name: '湘潭县', cityName: '湘潭市', towns: [seed001Town(seed)] }],
      };
    case 'county': {
      const c = XIANGTAN_COUNTIES[2];
      return { scale, provinceName: '湖南省', scopeName: c.name, counties: [typicalCounty(seed, c.code, c.name, '湘潭市', c.households, c.streets, c.towns)] };
    }
    case 'city':
      return {
        scale,
        provinceName: '湖南省',
        scopeName: '湘潭市',
        counties: XIANGTAN_COUNTIES.map((c) => {
          const f = opts.households ? opts.households / XIANGTAN_COUNTIES.reduce((n, x) => n + x.households, 0) : 1;
          return typicalCounty(seed, c.code, c.name, '湘潭市', Math.round(c.households * f), c.streets, Math.max(1, Math.round(c.towns * f)));
        }),
      };
    case 'province': {
      const counties: County[] = [];
      const usedCounty = new Set<string>();
      for (const [cityDigits, cityName, n] of HUNAN_CITIES) {
        const cr = Rng.of(seed, 'city', cityDigits);
        const districts = Math.min(3, Math.max(1, Math.round(n / 4)));
        for (let i = 0; i < n; i++) {
          // 01–19 市辖区, 21–39 县, 81–89 县级市: the usual ranges of the national code list.
          const suffix = i < districts ? 2 + i : i < n - 1 ? 21 + i - districts : 81;
          const code = `43${cityDigits}${String(suffix).padStart(2, '0')}`;
          const kind = i < districts ? '区' : i < n - 1 ? '县' : '市';
          const households = Math.round(cr.between(0.55, 1.45) * 94_000);
          const towns = Math.max(6, Math.round(households / cr.between(6_000, 9_000)));
          counties.push(typicalCounty(seed, code, placeName(cr, usedCounty, kind), cityName, households, i < districts ? 2 : 0, towns));
        }
      }
      return { scale, provinceName: '湖南省', scopeName: '湖南省', counties };
    }
  }
}

export function allVillages(geo: Geography): { county: County; town: Town; village: Village }[] {
  const out: { county: County; town: Town; village: Village }[] = [];
  for (const county of geo.counties) for (const town of county.towns) for (const village of town.villages) out.push({ county, town, village });
  return out;
}
