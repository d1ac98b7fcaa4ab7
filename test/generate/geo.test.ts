import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { polygonArea, polygonCentroid } from 'd3';
import { describe, expect, it } from 'vitest';
import { writeGeo } from '../../pipelines/generate/campaign.ts';
import { type FeatureCollection, readBoundaries } from '../../pipelines/generate/geo.ts';
import { allVillages, planGeography } from '../../pipelines/generate/places.ts';

type Pt = [number, number];

function inside(ring: Pt[], p: Pt): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

const ringOf = (f: FeatureCollection['features'][number]) => f.geometry.coordinates[0] as Pt[];

describe('generated geography', () => {
  it('village cells nest in their towns, cover them, and sit around 湘潭', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-geo-'));
    const geo = planGeography('county', 1);
    writeGeo({ out, seed: 1 }, geo);
    const read = (n: string) => JSON.parse(fs.readFileSync(path.join(out, 'geo', `${n}.geojson`), 'utf8')) as FeatureCollection;
    const villages = read('villages');
    const towns = read('towns');
    const counties = read('counties');
    expect(villages.features.map((f) => f.properties.village_code).sort()).toEqual(allVillages(geo).map((v) => v.village.code).sort());
    expect(counties.features).toHaveLength(1);
    const townRing = new Map(towns.features.map((f) => [f.properties.town_code, ringOf(f)]));
    const areaByTown = new Map<string, number>();
    for (const f of villages.features) {
      const ring = ringOf(f);
      expect(ring[0]).toEqual(ring.at(-1));
      // d3 measures y downwards: a negative area is counter-clockwise in lon/lat (RFC 7946).
      expect(polygonArea(ring)).toBeLessThan(0);
      for (const [lon, lat] of ring) {
        expect(lon).toBeGreaterThan(112.4);
        expect(lon).toBeLessThan(113.1);
        expect(lat).toBeGreaterThan(27.5);
        expect(lat).toBeLessThan(28.1);
      }
      const town = f.properties.town_code!;
      expect(inside(townRing.get(town)!, polygonCentroid(ring) as Pt)).toBe(true);
      areaByTown.set(town, (areaByTown.get(town) ?? 0) - polygonArea(ring));
    }
    // Coordinates are rounded to 1e-6°, so the sums agree to about a part in 10^5.
    for (const [code, ring] of townRing) expect(Math.abs(areaByTown.get(code as string)! / -polygonArea(ring) - 1)).toBeLessThan(1e-4);
  });

  it('reads a real boundary file keyed by code, under the canonical property names', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-geo-real-'));
    const file = path.join(dir, 'villages.geojson');
    const square = [[[112.6, 27.7], [112.7, 27.7], [112.7, 27.8], [112.6, 27.8], [112.6, 27.7]]];
    fs.writeFileSync(file, JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '430321200001', name: '测试村' }, geometry: { type: 'Polygon', coordinates: square } }],
    }));
    const fc = readBoundaries(file, 'village');
    expect(fc.features[0]!.properties).toMatchObject({ village_code: '430321200001', village_name: '测试村' });
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '4303' }, geometry: { type: 'Polygon', coordinates: square } }] }));
    expect(() => readBoundaries(file, 'village')).toThrow(/12位数字/);
  });
});

describe('a city of a chosen size (--households, for the site benchmark)', () => {
  const count = (geo: ReturnType<typeof planGeography>) => {
    const villages = allVillages(geo);
    const codes = new Set(villages.map((v) => v.village.code));
    return { counties: geo.counties.length, towns: geo.counties.reduce((n, c) => n + c.towns.length, 0), villages: villages.length, unique: codes.size, households: villages.reduce((n, v) => n + v.village.households, 0) };
  };

  it('leaves 湘潭市 as it was without the option, and grows its towns and villages with it', () => {
    expect(count(planGeography('city', 1))).toEqual(count(planGeography('city', 1, {})));
    const base = count(planGeography('city', 1));
    const big = count(planGeography('city', 1, { households: 660_000 }));
    expect(base.households).toBe(250_000);
    expect(big.households).toBe(660_000);
    expect(big.counties).toBe(5);
    expect(big.unique).toBe(big.villages);
    // towns scale with the households, so villages keep their usual size (≈330 households)
    expect(big.towns / base.towns).toBeCloseTo(660 / 250, 0);
    expect(big.villages).toBeGreaterThan(1900);
    expect(big.villages).toBeLessThan(2100);
  });
});
