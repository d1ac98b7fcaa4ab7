/**
 * scripts/serve-site.ts and scripts/compress-site.ts on a small fake site: precompressed files are
 * sent when the browser accepts them (never for a Range request), client-drawn routes get
 * 200.html, and every other missing path (above all /api/ and /data/) stays a 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compressSite } from '../../scripts/compress-site.ts';
import { startSiteServer, type SiteServer } from '../../scripts/serve-site.ts';
import { tempDir } from '../helpers/warehouse.ts';

let root: string;
let site: SiteServer;
const script = 'export const x = ' + JSON.stringify(Array.from({ length: 2000 }, (_, i) => `行政村${i}`)) + ';\n';

beforeAll(async () => {
  root = tempDir('serve');
  fs.mkdirSync(path.join(root, '_app'), { recursive: true });
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<html>总览</html>');
  fs.writeFileSync(path.join(root, '200.html'), '<html>fallback</html>');
  fs.writeFileSync(path.join(root, '_app', 'app.js'), script);
  fs.writeFileSync(path.join(root, 'data', 'x.parquet'), Buffer.alloc(4096, 7));
  await compressSite(root, { quiet: true, cacheDir: null });
  site = await startSiteServer({ root, port: 0 });
});
afterAll(async () => site?.close());

describe('precompressed site', () => {
  test('compress-site writes .br and .gz for text, and leaves parquet and tiny files alone', () => {
    expect(fs.existsSync(path.join(root, '_app', 'app.js.br'))).toBe(true);
    expect(zlib.gunzipSync(fs.readFileSync(path.join(root, '_app', 'app.js.gz'))).toString()).toBe(script);
    expect(fs.existsSync(path.join(root, 'data', 'x.parquet.br'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'index.html.br'))).toBe(false); // under 1 KB
  });

  test('serve-site sends brotli to a browser that accepts it, gzip otherwise, and the plain file for a Range', async () => {
    const br = await fetch(`${site.url}/_app/app.js`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(await br.text()).toBe(script); // fetch decodes it
    const gz = await fetch(`${site.url}/_app/app.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(script);
    const ranged = await fetch(`${site.url}/_app/app.js`, { headers: { 'Accept-Encoding': 'br', Range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-encoding')).toBeNull();
    expect(await ranged.text()).toBe(script.slice(0, 10));
  });

  test('village and town paths get 200.html; other missing paths, /api/ and /data/ stay 404', async () => {
    for (const p of ['/village/430321200007/', '/town/430321200/', '/village/430321200007']) {
      const res = await fetch(site.url + p);
      expect(res.status, p).toBe(200);
      expect(await res.text()).toContain('fallback');
    }
    for (const p of ['/api/abc/def/all-queries.json', '/data/missing.parquet', '/nowhere/', '/village/a/b/', '/county/430321/']) {
      expect((await fetch(site.url + p)).status, p).toBe(404);
    }
  });
});
