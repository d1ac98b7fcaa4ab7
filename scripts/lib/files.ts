/** Small file-system helpers shared by the build and bundle scripts. */
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Total size of the files under `dir`, in bytes. */
export function sizeOf(dir: string): number {
  return filesUnder(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, ...f.split('/'))).size, 0);
}

export const formatBytes = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(0)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
