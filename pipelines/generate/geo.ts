import fs from 'node:fs';
import { Delaunay, polygonCentroid, polygonHull } from 'd3';
import type { Geography, Scale } from './places.ts';
import { Rng } from './random.ts';

/**
 * Demo boundaries: Voronoi cells nested county → town → village. The region outline is a convex
 * blob around 湘潭 (湘潭县 ≈ 112.5–113.0°E, 27.6–28.0°N; wider for the city and the province);
 * counties are Voronoi cells of county centres clipped to it, towns cells of town centres clipped to
 * their county, villages cells of village centres clipped to their town. Clipping a convex cell by a
 * convex parent stays convex, so nesting is exact by construction and a town is the union of its
 * villages. Cells are computed in a local equirectangular projection and written as lon/lat.
 *
 * Real boundaries can replace them: see readBoundaries for the expected properties.
 */

type Pt = [number, number];
type Ring = Pt[];

export interface Feature {
  type: 'Feature';
  properties: Record<string, string>;
  geometry: { type: 'Polygon'; coordinates: Ring[] };
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

export interface GeoLayers {
  villages: FeatureCollection;
  towns: FeatureCollection;
  counties: FeatureCollection;
}

const REGIONS: Record<Scale, { lon: number; lat: number; rx: number; ry: number }> = {
  sample: { lon: 112.75, lat: 27.8, rx: 0.25, ry: 0.2 },
  town: { lon: 112.75, lat: 27.8, rx: 0.25, ry: 0.2 },
  county: { lon: 112.75, lat: 27.8, rx: 0.25, ry: 0.2 },
  city: { lon: 112.75, lat: 27.85, rx: 0.5, ry: 0.42 },
  province: { lon: 111.6, lat: 27.4, rx: 2.6, ry: 2.7 },
};

function signedArea(ring: readonly Pt[]): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as Pt;
    const [x2, y2] = ring[(i + 1) % ring.length] as Pt;
    a += x1 * y2 - x2 * y1;
  }
  return a / 2;
}

function ccw(ring: Ring): Ring {
  return signedArea(ring) < 0 ? [...ring].reverse() : ring;
}

/** Sutherland–Hodgman: `subject` clipped by the convex, counter-clockwise `clip` (open rings). */
export function clipConvex(subject: Ring, clip: Ring): Ring {
  let out = subject;
  for (let i = 0; i < clip.length && out.length; i++) {
    const a = clip[i] as Pt;
    const b = clip[(i + 1) % clip.length] as Pt;
    const inside = (p: Pt) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0;
    const cross = (p: Pt, q: Pt): Pt => {
      const d1 = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
      const d2 = (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0]);
      const t = d1 / (d1 - d2);
      return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
    };
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j] as Pt;
      const q = input[(j + 1) % input.length] as Pt;
      if (inside(q)) {
        if (!inside(p)) out.push(cross(p, q));
        out.push(q);
      } else if (inside(p)) out.push(cross(p, q));
    }
  }
  return out;
}

function bbox(ring: readonly Pt[]): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1, y1];
}

function contains(ring: readonly Pt[], p: Pt): boolean {
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Pt;
    const b = ring[(i + 1) % ring.length] as Pt;
    if ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) < 0) return false;
  }
  return true;
}

/** `n` cells partitioning the convex `parent`, from random sites relaxed twice (Lloyd). */
export function partition(rng: Rng, parent: Ring, n: number): Ring[] {
  if (n === 1) return [parent];
  const [x0, y0, x1, y1] = bbox(parent);
  let sites: Pt[] = [];
  for (let guard = 0; sites.length < n && guard < n * 1000; guard++) {
    const p: Pt = [rng.between(x0, x1), rng.between(y0, y1)];
    if (contains(parent, p)) sites.push(p);
  }
  const pad = Math.max(x1 - x0, y1 - y0);
  const bounds = [x0 - pad, y0 - pad, x1 + pad, y1 + pad] as const;
  let cells: Ring[] = [];
  for (let iteration = 0; iteration < 3; iteration++) {
    const voronoi = Delaunay.from(sites).voronoi([...bounds]);
    cells = sites.map((_, i) => {
      const poly = voronoi.cellPolygon(i) as Pt[] | null;
      if (!poly) return [];
      return clipConvex(ccw(poly.slice(0, -1) as Ring), parent);
    });
    if (iteration < 2) sites = cells.map((c, i) => (c.length >= 3 ? (polygonCentroid(c) as Pt) : (sites[i] as Pt)));
  }
  return cells;
}

function outline(rng: Rng, rx: number, ry: number): Ring {
  const pts: Pt[] = [];
  for (let k = 0; k < 36; k++) {
    const a = (2 * Math.PI * k) / 36;
    const r = rng.between(0.88, 1.08);
    pts.push([rx * r * Math.cos(a), ry * r * Math.sin(a)]);
  }
  return ccw(polygonHull(pts) as Ring);
}

export function buildGeo(geo: Geography, seed: number): GeoLayers {
  const region = REGIONS[geo.scale];
  const kx = Math.cos((region.lat * Math.PI) / 180);
  const toLonLat = (ring: Ring): Ring => {
    const closed = ring.map(([x, y]): Pt => [round6(region.lon + x / kx), round6(region.lat + y)]);
    closed.push(closed[0] as Pt);
    return closed;
  };
  const rng = Rng.of(seed, 'geo', geo.scale);
  const root = outline(rng, region.rx * kx, region.ry);
  const layers: GeoLayers = {
    villages: { type: 'FeatureCollection', features: [] },
    towns: { type: 'FeatureCollection', features: [] },
    counties: { type: 'FeatureCollection', features: [] },
  };
  const feature = (ring: Ring, properties: Record<string, string>): Feature => ({
    type: 'Feature',
    properties,
    geometry: { type: 'Polygon', coordinates: [toLonLat(ring)] },
  });
  // A single town (seed 001) is one of a county's ~14 towns: the others only shape its cell.
  const countyCells = partition(rng, root, geo.counties.length);
  geo.counties.forEach((county, ci) => {
    const cRing = countyCells[ci] as Ring;
    layers.counties.features.push(feature(cRing, { county_code: county.code, county_name: county.name }));
    const townSlots = geo.scale === 'town' || geo.scale === 'sample' ? 14 : county.towns.length;
    const townCells = partition(Rng.of(seed, 'geo', county.code), cRing, Math.max(townSlots, county.towns.length));
    county.towns.forEach((town, ti) => {
      const tRing = townCells[ti] as Ring;
      layers.towns.features.push(feature(tRing, { town_code: town.code, town_name: town.name, county_code: county.code }));
      const villageCells = partition(Rng.of(seed, 'geo', town.code), tRing, town.villages.length);
      town.villages.forEach((v, vi) => {
        layers.villages.features.push(
          feature(villageCells[vi] as Ring, {
            village_code: v.code,
            village_name: v.name,
            town_code: town.code,
            town_name: town.name,
            county_code: county.code,
            county_name: county.name,
          }),
        );
      });
    });
  });
  return layers;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export type BoundaryLevel = 'village' | 'town' | 'county';

const CODE_LENGTH: Record<BoundaryLevel, number> = { village: 12, town: 9, county: 6 };

/**
 * Reads a real boundary file in place of the generated one. Expected: a GeoJSON FeatureCollection
 * of Polygon or MultiPolygon features whose properties carry the level's code and name:
 *   village: `village_code` (12 digits) and `village_name`
 *   town:    `town_code` (9 digits) and `town_name`
 *   county:  `county_code` (6 digits) and `county_name`
 * Also accepted for the code: `code`, `adcode`, `区划代码`; for the name: `name`, `名称`. Longer
 * codes are cut to the level's length (a 12-digit town code 430321200000 → 430321200). The result
 * carries the canonical property names, so pages read one shape whatever the source.
 */
export function readBoundaries(file: string, level: BoundaryLevel): FeatureCollection {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: string; features?: unknown[] };
  if (data.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
    throw new Error(`${file}: 应为 GeoJSON FeatureCollection / expected a GeoJSON FeatureCollection`);
  }
  const len = CODE_LENGTH[level];
  const seen = new Set<string>();
  const features = data.features.map((f, i) => {
    const feat = f as { properties?: Record<string, unknown>; geometry?: { type?: string } };
    const p = feat.properties ?? {};
    const rawCode = p[`${level}_code`] ?? p['code'] ?? p['adcode'] ?? p['区划代码'];
    const code = String(rawCode ?? '').slice(0, len);
    if (!new RegExp(`^\\d{${len}}$`).test(code)) {
      throw new Error(`${file} 第${i + 1}个要素: ${level}_code 应为${len}位数字，实际为 "${String(rawCode)}" / feature ${i + 1}: ${level}_code must be ${len} digits`);
    }
    if (seen.has(code)) throw new Error(`${file}: 代码重复 ${code} / duplicate code ${code}`);
    seen.add(code);
    const type = feat.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') throw new Error(`${file} 第${i + 1}个要素: 几何类型应为 Polygon/MultiPolygon，实际为 ${type}`);
    const name = String(p[`${level}_name`] ?? p['name'] ?? p['名称'] ?? '');
    return { type: 'Feature', properties: { ...stringProps(p), [`${level}_code`]: code, [`${level}_name`]: name }, geometry: feat.geometry } as unknown as Feature;
  });
  return { type: 'FeatureCollection', features };
}

function stringProps(p: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== null && typeof v !== 'object') out[k] = String(v);
  return out;
}
