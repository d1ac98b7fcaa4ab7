import fs from 'node:fs';
import path from 'node:path';
import { entityLabels } from '../core/glossary.ts';
import { formatInt, monthLabel } from '../core/format.ts';
import { silentProgress } from '../core/progress.ts';
import type { Warehouse } from '../core/warehouse.ts';
import { contracts } from './contracts/index.ts';
import { ensureRawSchema, sweepUnloaded } from './ddl.ts';
import { DEFAULT_SHRINK_LIMIT, shrinkGuard } from './load/guard.ts';
import { currentLoadOf, loadedElsewhere, nextLoadId, recordAttempt, recordManifest } from './load/manifest.ts';
import { dropFiles, findDuplicates, loadCounts, planCoverage, replacementOf, COVERAGE, DUPLICATES, DUPLICATE_ROWS, FILE_AREAS, type PlanOptions } from './load/plan.ts';
import { prepare } from './load/prepare.ts';
import { FileFailure, UNCHANGED_ZH, type FileResult, type Landed, type LoadOptions, type LoadStatus } from './load/types.ts';
import { allRejected, fileVerdict, stagedRows, validateGroup, CHECKED, LIVE_FILES, type FileCounts, type Staged } from './load/validate.ts';
import { writeGroup } from './load/write.ts';
import { ReadError, SUPPORTED_EXTENSIONS } from './readers/index.ts';

export type { FileResult, LoadOptions, LoadStatus, Replacement, AreaChange } from './load/types.ts';

/** Expands folders into the supported files below them, in a stable order. */
export function expandInputs(inputs: readonly string[]): { files: string[]; ignored: string[] } {
  const files: string[] = [];
  const ignored: string[] = [];
  const walk = (p: string) => {
    for (const entry of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ((SUPPORTED_EXTENSIONS as readonly string[]).includes(path.extname(entry.name).toLowerCase())) files.push(full);
      else if (!entry.name.startsWith('.') && !entry.name.startsWith('~$')) ignored.push(full);
    }
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new ReadError(input, `文件或文件夹不存在（${path.resolve(input)}）`, 'no such file or folder');
    if (fs.statSync(input).isDirectory()) walk(input);
    else files.push(input);
  }
  return { files, ignored };
}

/**
 * Loads files into raw.<entity>. A file replaces its entity-month for the areas (villages) its
 * rows name, and nothing else: other villages' rows stay unless `replaceMonth`. A file that
 * cannot be right as a whole (unreadable, no data row, all rows refused, wrong month, wrong
 * entity, missing a required column, rows swallowed by the parser) fails and changes nothing.
 * Every row read is either in raw.<entity> or in raw.rejects, with the manifest in meta.loads.
 * With `check`, everything is read and validated and nothing is written.
 */
export async function loadPaths(wh: Warehouse, inputs: readonly string[], options: LoadOptions = {}): Promise<FileResult[]> {
  const progress = options.progress ?? silentProgress;
  if (!options.check) await ensureRawSchema(wh);
  const { files, ignored } = expandInputs(inputs);
  for (const f of ignored) progress.info(`跳过不支持的文件：${f}`);
  if (files.length === 0) {
    const where = inputs.map((i) => path.resolve(i)).join('、');
    return [failed(inputs[0] ?? '.', new FileFailure(`在${where}中没有找到可加载的文件（支持 ${SUPPORTED_EXTENSIONS.join('、')}）`, 'no loadable file found'))];
  }

  const results: FileResult[] = [];
  const landed: Landed[] = [];
  try {
    for (const [i, file] of files.entries()) {
      progress.start(`打开 ${i + 1}/${files.length} ${path.basename(file)}`);
      try {
        const item = await prepare(wh, file, options);
        landed.push(item);
        progress.finish(`${entityLabels[item.source.entity]}，${monthLabel(item.month)}`);
      } catch (error) {
        progress.finish('失败');
        const r = failed(file, error);
        results.push(r);
        if (!options.check) await recordAttempt(wh, r, 'failed');
      }
    }
    const groups = groupBy(landed, (l) => `${l.month}|${l.source.entity}`);
    for (const group of [...groups.values()].sort(byMonthThenEntity)) {
      results.push(...(await loadGroup(wh, group, options)));
    }
  } finally {
    for (const l of landed) l.source.dispose();
  }
  return results;
}

/**
 * One entity-month: skip what is already loaded, validate, decide what each file replaces,
 * guard against shrinking, write, record. Files fail one by one; the rest still load.
 */
async function loadGroup(wh: Warehouse, group: Landed[], options: LoadOptions): Promise<FileResult[]> {
  const progress = options.progress ?? silentProgress;
  const { entity } = group[0]!.source;
  const month = group[0]!.month;
  const plan: PlanOptions = { contract: contracts[entity], month, replaceMonth: options.replaceMonth ?? false, newLoads: [] };
  const results: FileResult[] = [];
  const candidates: Landed[] = [];
  for (const l of group) {
    const other = await loadedElsewhere(wh, entity, month, l.source.sha256);
    if (other) {
      const r = resultOf(l, 'failed', failureText(new FileFailure(`该文件与已加载的${monthLabel(other)}数据完全相同，可能月份标错`, `identical to the file loaded for ${other}`)));
      results.push(r);
      if (!options.check) await recordAttempt(wh, r, 'failed', l.startedAt);
      continue;
    }
    candidates.push(l);
  }
  // Files already loaded as they are are skipped only when the whole group is: files of one
  // month that cover the same villages (payments by village and by project) must be validated
  // and written together, or the changed one would replace the other's rows.
  const current = new Map<string, number>();
  if (!plan.replaceMonth) {
    for (const l of candidates) {
      const id = await currentLoadOf(wh, entity, month, l.source.sha256);
      if (id !== undefined) current.set(l.source.path, id);
    }
  }
  const live: Landed[] = [];
  for (const l of candidates) {
    const id = current.get(l.source.path);
    if (id === undefined || current.size < candidates.length) {
      live.push(l);
      continue;
    }
    progress.info(`${path.basename(l.source.path)}：与已加载的文件（加载编号${id}）完全相同，已跳过`);
    const r = resultOf(l, 'unchanged', `与加载编号${id}的文件相同，未重复加载 / identical to load ${id}; not loaded again`);
    results.push(r);
    if (!options.check) await recordAttempt(wh, r, 'unchanged', l.startedAt);
  }
  if (live.length === 0) return results;

  const failures = new Map<string, FileFailure>();
  const outcome = new Map<string, { read: number; loaded: number; rejected: number; warned: number }>();
  // Rows are staged in raw.<entity> inside one transaction that ends in a commit only when the
  // load is written as planned; --check stages them in a temporary table and writes nothing.
  const staged: Staged = { table: options.check ? `staged_${entity}` : `raw.${entity}`, ids: new Map() };
  let open = false;
  // When every file of the group failed, nothing at all is written, not even the attempt.
  let allFailed = false;
  try {
    const started = Date.now();
    // A file DuckDB cannot read aborts the transaction its statement ran in: the group is then
    // staged again without it (in a new transaction, with new load ids).
    let counts = new Map<string, FileCounts>();
    await wh.run(`create or replace temp table ${LIVE_FILES} (file varchar, load_id integer)`);
    for (;;) {
      const readable = live.filter((l) => !failures.has(l.source.path));
      if (readable.length === 0) break;
      if (!options.check) {
        await wh.run('begin transaction');
        open = true;
      }
      staged.ids.clear();
      // Checked rows never reach raw; their ids are negative so that they name no real load.
      for (const l of readable) staged.ids.set(l.source.path, options.check ? -(staged.ids.size + 1) : await nextLoadId(wh));
      plan.newLoads = [...staged.ids.values()];
      const v = await validateGroup(wh, readable, staged, progress, { persistent: !options.check, slowOnly: options.slowOnly ?? false });
      for (const [f, e] of v.unreadable) failures.set(f, e);
      counts = v.counts;
      if (v.unreadable.size === 0 || options.check) break;
      await wh.run('rollback');
      open = false;
    }
    for (const l of live) {
      const c = counts.get(l.source.path);
      if (!c || failures.has(l.source.path)) continue;
      const verdict = await fileVerdict(wh, l, c, staged);
      if (verdict) failures.set(l.source.path, verdict);
    }
    await dropFiles(wh, [...failures.keys()]);
    let alive = live.filter((l) => !failures.has(l.source.path));
    // A file whose every row is refused once duplicates are counted fails too; what it covered
    // is then no longer covered, so the plan is made again without it.
    while (alive.length > 0) {
      await planCoverage(wh, plan);
      await findDuplicates(wh, plan);
      const loadable = await loadCounts(wh, plan.contract);
      const emptied = alive.filter((l) => (loadable.get(l.source.path)?.loaded ?? 0) === 0);
      for (const l of alive) {
        const { loaded, rejected, warned } = loadable.get(l.source.path) ?? { loaded: 0, rejected: 0, warned: 0 };
        outcome.set(l.source.path, { read: counts.get(l.source.path)!.read, loaded, rejected, warned });
      }
      if (emptied.length === 0) break;
      for (const l of emptied) {
        const c = loadable.get(l.source.path)!;
        const dup = { rule: 'duplicate_key', n: c.duplicated, text: '主键重复（同一编号出现多次）' };
        failures.set(l.source.path, await allRejected(wh, l.source.path, counts.get(l.source.path)!.read, c.duplicated > 0 ? [dup] : []));
      }
      await dropFiles(wh, emptied.map((l) => l.source.path));
      alive = alive.filter((l) => !failures.has(l.source.path));
    }
    if (alive.length === 0) {
      allFailed = true;
      results.push(...live.map((l) => failedResult(l, failures.get(l.source.path)!, counts.get(l.source.path)?.read)));
      return results;
    }

    const replacement = await replacementOf(wh, plan);
    const stop = options.force ? null : shrinkGuard(replacement.group, options.shrinkLimit ?? DEFAULT_SHRINK_LIMIT);
    if (stop) for (const l of alive) failures.set(l.source.path, stop);

    const done = (l: Landed, status: LoadStatus, loadId: number | null): FileResult => ({
      ...resultOf(l, status, null),
      ...outcome.get(l.source.path)!,
      loadId,
      replaced: replacement.byFile.get(l.source.path)!,
    });
    let written: FileResult[] = [];
    if (!stop && options.check) {
      written = alive.map((l) => done(l, 'checked', null));
    } else if (!stop) {
      await writeGroup(wh, alive, { ...plan, staged, progress });
      written = alive.map((l) => done(l, 'loaded', staged.ids.get(l.source.path)!));
      const batchId = Math.min(...written.map((r) => r.loadId!));
      for (const r of written) {
        if (r.read !== r.loaded + r.rejected) throw new Error(`行数不平衡：读取${r.read}，加载${r.loaded}，拒收${r.rejected} / counts do not reconcile`);
        await recordManifest(wh, r, { batchId, loadId: r.loadId!, startedAt: live.find((l) => l.source.path === r.file)!.startedAt, status: 'loaded' });
      }
      await options.beforeCommit?.(entity, month);
      await commitLoad(wh, [...counts.values()].reduce((n, c) => n + c.total, 0));
      open = false;
      await sweepUnloaded(wh, entity, stagedRows(staged, month));
      const rows = written.reduce((s, r) => s + r.read, 0);
      progress.info(`${entityLabels[entity]} ${monthLabel(month)}：${formatInt(rows)}行，${formatInt(Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)))}行/秒`);
    }
    for (const l of live) {
      const failure = failures.get(l.source.path);
      if (failure) results.push(failedResult(l, failure, counts.get(l.source.path)?.read, failure === stop ? replacement.byFile.get(l.source.path) : undefined));
    }
    results.push(...written);
  } catch (error) {
    const message = `加载失败，已回滚，仓库未改变：${(error as Error).message} / load failed and was rolled back`;
    for (const l of live) if (!results.some((r) => r.file === l.source.path)) results.push(resultOf(l, 'failed', message));
  } finally {
    // Anything short of the commit above (a failed file group, the guard, an error) leaves raw as it was.
    if (open) await wh.run('rollback');
    for (const t of [CHECKED, COVERAGE, DUPLICATES, FILE_AREAS, DUPLICATE_ROWS, LIVE_FILES, ...(options.check ? [staged.table] : [])]) {
      await wh.run(`drop ${t === CHECKED ? 'view' : 'table'} if exists ${t}`).catch(() => undefined);
    }
    if (!options.check && !allFailed) for (const r of results.filter((x) => x.status === 'failed' && live.some((l) => l.source.path === x.file))) await recordAttempt(wh, r, 'failed');
  }
  return results;
}

function failedResult(l: Landed, failure: FileFailure, read = 0, replaced?: FileResult['replaced']): FileResult {
  return { ...resultOf(l, 'failed', failureText(failure)), read, ...(replaced ? { replaced } : {}) };
}

function failureText(f: FileFailure): string {
  return `${f.zh}。${UNCHANGED_ZH} / ${f.en}; nothing was changed`;
}

function byMonthThenEntity(a: Landed[], b: Landed[]): number {
  const order = Object.keys(contracts);
  return a[0]!.month.localeCompare(b[0]!.month) || order.indexOf(a[0]!.source.entity) - order.indexOf(b[0]!.source.entity);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

function resultOf(l: Landed, status: LoadStatus, message: string | null): FileResult {
  return {
    file: l.source.path,
    sheet: l.source.sheet,
    entity: l.source.entity,
    month: l.month,
    sha256: l.source.sha256,
    encoding: l.source.encoding,
    status,
    read: 0,
    loaded: 0,
    rejected: 0,
    warned: 0,
    loadId: null,
    message,
  };
}

function failed(file: string, error: unknown): FileResult {
  const message =
    error instanceof ReadError
      ? `${error.zh}。${UNCHANGED_ZH} / ${error.en}`
      : error instanceof FileFailure
        ? failureText(error)
        : `读取失败。${UNCHANGED_ZH} / read failed: ${(error as Error).message}`;
  return { file, sheet: null, entity: null, month: null, sha256: null, encoding: null, status: 'failed', read: 0, loaded: 0, rejected: 0, warned: 0, loadId: null, message };
}

/** Staged rows from which a load commits by checkpointing (see commitLoad). */
const CHECKPOINT_COMMIT_ROWS = 500_000;

/**
 * Commits a load. A big one checkpoints instead of writing the write-ahead log: with the default
 * 16 MB threshold DuckDB first writes the transaction's changes to the WAL, on one thread, and a
 * load's row-number update alone (one value per row, see validate.ts) took 1.1–1.6 s per million
 * rows there. Below the threshold DuckDB checkpoints at once and skips the WAL (0.05 s for the
 * million). The rows were already written to the database file by the insert; a crash before the
 * checkpoint ends loses the whole load, so the warehouse stays as it was. Smaller loads keep the
 * WAL, cheaper than a checkpoint per commit: the town demo's 117 files took 15.7 s against
 * 18.4–20.0 s, and the county's 12 months (about 100,000 households a month) 32.9–33.5 s against
 * 34.0–36.6 s with the threshold at 100,000 rows.
 */
async function commitLoad(wh: Warehouse, rows: number): Promise<void> {
  if (rows < CHECKPOINT_COMMIT_ROWS) return void (await wh.run('commit'));
  await wh.run(`set checkpoint_threshold = '0b'`);
  try {
    await wh.run('commit');
  } finally {
    await wh.run('reset checkpoint_threshold');
  }
}
