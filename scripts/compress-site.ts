/**
 * Precompresses the built site: writes `<file>.br` (brotli) and `<file>.gz` (gzip) beside every
 * text-like file and the DuckDB-WASM binaries, so a server can send them as they are
 * (scripts/serve-site.ts does, by Accept-Encoding). DuckDB-WASM alone is about 18 MB and
 * compresses to a third of that.
 *
 * Parquet is left alone: DuckDB-WASM reads it with HTTP Range requests, which only make sense on
 * the file's own bytes (and parquet is compressed inside already).
 *
 * Files under `_app/immutable/` have content-hashed names, so their compressed forms are kept in a
 * cache (`.evidence/compress-cache/`) and reused by the next build: the two DuckDB-WASM binaries
 * (40 MB) are most of the compression time and never change between builds.
 *
 *   tsx scripts/compress-site.ts [build]     # prints files, bytes before and after, seconds
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Extensions worth compressing; everything else (parquet, images, fonts) is served as is. */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.geojson', '.svg', '.txt', '.wasm', '.arrow', '.webmanifest', '.map', '.xml']);
const MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export interface CompressResult {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
  seconds: number;
}

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

export const DEFAULT_CACHE = path.join('.evidence', 'compress-cache');

/** Compresses every eligible file under root; files whose .br/.gz is not smaller get none. */
export async function compressSite(root: string, opts: { quiet?: boolean; cacheDir?: string | null } = {}): Promise<CompressResult> {
  const cacheDir = opts.cacheDir === undefined ? DEFAULT_CACHE : opts.cacheDir;
  if (cacheDir) fs.mkdirSync(cacheDir, { recursive: true });
  const started = Date.now();
  const files = [...walk(root)].filter((f) => COMPRESSIBLE.has(path.extname(f).toLowerCase()) && fs.statSync(f).size >= MIN_BYTES);
  const result: CompressResult = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0, seconds: 0 };
  // zlib's async calls run on libuv's thread pool: a few at a time keeps both cores busy.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      const data = fs.readFileSync(file);
      // Quality 11 takes minutes on the 18 MB WASM on 2 cores for ~3% less; 9 is the knee.
      const quality = data.length > 4_000_000 ? 9 : 11;
      const hashed = cacheDir && file.split(path.sep).includes('immutable');
      const cached = hashed ? path.join(cacheDir, path.basename(file)) : null;
      let br: Buffer;
      let gz: Buffer;
      if (cached && fs.existsSync(`${cached}.br`) && fs.existsSync(`${cached}.gz`)) {
        br = fs.readFileSync(`${cached}.br`);
        gz = fs.readFileSync(`${cached}.gz`);
      } else {
        [br, gz] = await Promise.all([
          brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
          gzip(data, { level: 9 }),
        ]);
        if (cached) {
          fs.writeFileSync(`${cached}.br`, br);
          fs.writeFileSync(`${cached}.gz`, gz);
        }
      }
      result.files++;
      result.bytes += data.length;
      if (br.length < data.length) {
        fs.writeFileSync(`${file}.br`, br);
        result.brotliBytes += br.length;
      } else result.brotliBytes += data.length;
      if (gz.length < data.length) {
        fs.writeFileSync(`${file}.gz`, gz);
        result.gzipBytes += gz.length;
      } else result.gzipBytes += data.length;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  result.seconds = (Date.now() - started) / 1000;
  if (!opts.quiet) {
    const mb = (n: number) => (n / 1e6).toFixed(1);
    console.log(
      `[compress-site] ${result.files} 个文件 ${mb(result.bytes)} MB → brotli ${mb(result.brotliBytes)} MB、gzip ${mb(result.gzipBytes)} MB，用时 ${result.seconds.toFixed(1)} 秒 / ${result.files} files precompressed`,
    );
  }
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? 'build';
  if (!fs.existsSync(root)) {
    console.error(`${root} 不存在：先构建网站 / ${root} missing: build the site first`);
    process.exit(1);
  }
  await compressSite(root);
}
