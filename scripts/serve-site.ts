/**
 * A tiny static server for the built report site (build/): no dependencies, no network beyond
 * localhost. Supports GET/HEAD and single byte ranges (DuckDB-WASM reads parquet with Range
 * requests), `/path/` → `/path/index.html`, and correct MIME types for .wasm/.arrow/.parquet.
 *
 * - Precompressed files (scripts/compress-site.ts writes `x.br` and `x.gz` beside `x`) are sent
 *   with Content-Encoding when the browser accepts them and the request asks for the whole file.
 * - Client-rendered routes (village and town pages, see reports/village/[code]/+page.js) have no
 *   file of their own: `/village/<code>/` and `/town/<code>/` are answered with the fallback page `200.html`. Nothing else falls
 *   back: a missing `/api/…` or `/data/…` file must stay a 404, because Evidence's layout reads
 *   that as "no prerendered queries" and an HTML answer would break it.
 *
 *   npm run preview                       # http://localhost:4173/
 *   tsx scripts/serve-site.ts [dir] [--port 4173] [--host 127.0.0.1]
 *
 * Tests import startSiteServer() and use port 0 (a free port).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { clientRoutes } from '../components/client-routes.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.parquet': 'application/vnd.apache.parquet',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths drawn in the browser from the fallback page (build/200.html). */
// From route ids such as '/village/[code]': each [param] matches one path segment.
export const CLIENT_ROUTES = clientRoutes.map((id) => new RegExp(`^${id.replace(/\[[^\]]+\]/g, '[^/]+')}/?$`));

/** The precompressed variant to send for an Accept-Encoding header, if one exists. */
function precompressed(file: string, acceptEncoding: string | undefined): { file: string; encoding: string } | null {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((e) => e.split(';')[0]!.trim().toLowerCase()));
  for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (accepted.has(encoding) && fs.existsSync(file + ext)) return { file: file + ext, encoding };
  }
  return null;
}

export interface SiteServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Resolves a URL path to a file inside root, or null (never escapes root). */
function resolveFile(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  const full = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  const candidates = rel.endsWith('/') ? [path.join(full, 'index.html')] : [full, path.join(full, 'index.html'), `${full}.html`];
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // try the next candidate
    }
  }
  return null;
}

/** Parses a single `bytes=a-b` range against a file size; 'invalid' when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return 'invalid';
  const [, a = '', b = ''] = m;
  let start: number;
  let end: number;
  if (a === '' && b === '') return 'invalid';
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

export function startSiteServer(opts: { root: string; port?: number; host?: string }): Promise<SiteServer> {
  const root = path.resolve(opts.root);
  const host = opts.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    let file = resolveFile(root, urlPath);
    if (!file && CLIENT_ROUTES.some((r) => r.test(urlPath)) && fs.existsSync(path.join(root, '200.html'))) {
      file = path.join(root, '200.html');
    }
    if (!file) {
      const notFound = path.join(root, '404.html');
      const body = fs.existsSync(notFound) ? fs.readFileSync(notFound) : Buffer.from('404 未找到 / not found');
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const headers: Record<string, string | number> = {
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-cache',
    };
    // Ranges address the file's own bytes, so a Range request always gets the uncompressed file.
    const encoded = req.headers.range ? null : precompressed(file, req.headers['accept-encoding']);
    if (encoded) {
      file = encoded.file;
      headers['Content-Encoding'] = encoded.encoding;
    }
    if (fs.existsSync(file + '.br') || fs.existsSync(file + '.gz') || encoded) headers['Vary'] = 'Accept-Encoding';
    const size = fs.statSync(file).size;
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    headers['Content-Length'] = size === 0 ? 0 : end - start + 1;
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    fs.createReadStream(file, { start, end }).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4173, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
        port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const value = args[i + 1];
    args.splice(i, 2);
    return value;
  };
  const port = Number(option('--port') ?? process.env.PORT ?? 4173);
  const host = option('--host') ?? '127.0.0.1';
  const root = args[0] ?? 'build';
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`${root}/index.html 不存在：先运行 npm run build / ${root}/index.html missing: run npm run build first`);
    process.exit(1);
  }
  const site = await startSiteServer({ root, port, host });
  console.log(`报告网站：${site.url}/  （${path.resolve(root)}，Ctrl+C 停止）`);
}
