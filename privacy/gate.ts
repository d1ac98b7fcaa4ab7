/**
 * The one privacy gate every publishable artifact passes before it is written to its final place:
 * the report site, the deck PDF/PPTX, the 总结报告 PDF, the non-internal Excel ledgers and the
 * Parquet export. Artifacts are built in a temporary folder; `publish` checks that folder and
 * moves its files into place only when nothing personal is found, and removes them otherwise, so
 * a failed check leaves no publishable output behind. A passed folder gets a stamp
 * (.privacy-gate.json: audience, time, what was exempted) that exports require before they print
 * from a built site.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { carriesNoText, closeDecoders, decodeEscapes, duckdb, extractTexts } from './extract.ts';
import { parquetPieces } from './parquet-scan.ts';
import { fileMatcher, maskAll, parseAllow, scanText, type AllowEntry, type RunMemo } from './scan.ts';
import { KIND_LABEL, loadSecrets, mask, type SecretKind, type Secrets } from './secrets.ts';

export type Audience = 'internal' | 'public';
export const AUDIENCE_LABEL: Record<Audience, string> = {
  internal: '内部（领导调度用，含精确计数，不含姓名）',
  public: '公开（小于阈值的计数已隐去）',
};
export const STAMP = '.privacy-gate.json';

export interface Finding {
  file: string;
  kind: SecretKind | 'undecodable' | 'audience';
  masked: string;
  context: string;
}

export interface GateReport {
  dir: string;
  audience: Audience;
  scanned: number;
  skipped: number;
  findings: Finding[];
  /** Printable reason (names masked) → occurrences let through. */
  exemptions: Map<string, number>;
  summary: string;
  seconds: number;
}

export interface Stamp {
  audience: Audience;
  checked_at: string;
  files: number;
  seconds: number;
  exemptions: { reason: string; count: number }[];
}

export class PrivacyGateError extends Error {
  constructor(readonly report: GateReport) {
    super(`个人信息检查未通过：发现 ${report.findings.length} 处，已删除未发布的输出 / privacy gate failed (${report.findings.length} findings)`);
  }
}

/** Allow-list entries from PRIVACY_ALLOW (词@文件, comma- or space-separated). */
export function allowFromEnv(): string[] {
  return (process.env.PRIVACY_ALLOW ?? '').split(/[,，\s]+/).filter(Boolean);
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === STAMP) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** What one file's content gave: its findings (without the file name) and the exemptions it counted. */
type ContentFinding = Omit<Finding, 'file'> & { value: string };
interface ContentResult {
  findings: ContentFinding[];
  exemptions: Map<string, number>;
  skipped: boolean;
}

/**
 * The bytes a file holds for a reader: .br and .gz decompressed (the site carries each asset three
 * times, as is and precompressed), under the name without that suffix.
 */
function decoded(file: string): { name: string; data: Buffer } {
  const data = fs.readFileSync(file);
  if (file.toLowerCase().endsWith('.gz')) return { name: file.slice(0, -3), data: zlib.gunzipSync(data) };
  if (file.toLowerCase().endsWith('.br')) return { name: file.slice(0, -3), data: zlib.brotliDecompressSync(data) };
  return { name: file, data };
}

/**
 * Scans every file under `dir` (a single file is scanned on its own), and the file paths themselves.
 * Each distinct content is read once: a file whose decoded bytes (and kind, and applicable allow
 * entries) equal an earlier file's gets that file's findings and exemptions under its own name, so
 * a precompressed copy costs a hash, not a second scan. Every run of Chinese text is matched
 * against the names once per check (RunMemo), not once per occurrence.
 */
export async function checkDir(
  dir: string,
  secrets: Secrets,
  opts: { allow?: AllowEntry[]; onFile?: (file: string, kind: 'scanned' | 'skipped') => void } = {},
): Promise<{ findings: Finding[]; exemptions: Map<string, number> }> {
  const findings: Finding[] = [];
  const exemptions = new Map<string, number>();
  const root = path.resolve(dir);
  const files = fs.statSync(root).isDirectory() ? [...walk(root)] : [root];
  const base = fs.statSync(root).isDirectory() ? root : path.dirname(root);
  const allow = (opts.allow ?? []).map((a) => ({ ...a, matches: fileMatcher(a.file) }));
  const runs: RunMemo = new Map();
  const byContent = new Map<string, ContentResult>();
  const addExemptions = (from: Map<string, number>) => {
    for (const [reason, n] of from) exemptions.set(reason, (exemptions.get(reason) ?? 0) + n);
  };
  /** Findings in `pieces`, one per kind and value, with masked context. */
  const scanPieces = (pieces: string[], here: AllowEntry[], counted: Map<string, number>, names = true): ContentFinding[] => {
    const out: ContentFinding[] = [];
    const seen = new Set<string>();
    for (const text of pieces) {
      for (const hit of scanText(text, secrets, { allow: here, exemptions: counted, runs, names })) {
        const key = `${hit.kind}:${hit.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const around = text.slice(Math.max(0, hit.index - 30), hit.index + hit.value.length + 30);
        out.push({ kind: hit.kind, value: hit.value, masked: mask(hit.kind, hit.value), context: maskAll(around, secrets).replace(/\s+/g, ' ') });
      }
    }
    return out;
  };
  for (const file of files) {
    const rel = path.relative(base, file).split(path.sep).join('/');
    const here = allow.filter((a) => a.matches(rel));
    const fromPath = scanPieces([rel, decodeEscapes(rel)], here, exemptions);
    let result: ContentResult;
    try {
      if (carriesNoText(file)) {
        opts.onFile?.(rel, 'skipped');
        for (const f of fromPath) findings.push({ file: rel, kind: f.kind, masked: f.masked, context: f.context });
        continue;
      }
      const { name, data } = decoded(file);
      const key = `${path.extname(name).toLowerCase()}:${here.map((a) => `${a.word}@${a.file}`).join(',')}:${createHash('sha1').update(data).digest('hex')}`;
      const known = byContent.get(key);
      if (known) result = known;
      else if (name === file && path.extname(name).toLowerCase() === '.parquet') {
        // read in DuckDB (parquet-scan.ts): each distinct run of Chinese once, with its count
        const pieces = await parquetPieces(await duckdb(), file, secrets);
        const counted = new Map<string, number>();
        const found = [...scanPieces(pieces.texts, here, counted), ...scanPieces(pieces.numberRows, here, counted, false)];
        for (const [run, n] of pieces.runs) {
          const once = new Map<string, number>();
          found.push(...scanPieces([run], here, once));
          for (const [reason, c] of once) counted.set(reason, (counted.get(reason) ?? 0) + c * n);
        }
        result = { findings: found, exemptions: counted, skipped: false };
        byContent.set(key, result);
      } else {
        const texts = await extractTexts(name === file ? file : name, name === file ? undefined : data);
        const counted = new Map<string, number>();
        result = { findings: texts ? scanPieces(texts, here, counted) : [], exemptions: counted, skipped: !texts };
        byContent.set(key, result);
      }
    } catch (e) {
      findings.push({ file: rel, kind: 'undecodable', masked: '', context: `无法解码，不能确认不含个人信息 / cannot decode: ${(e as Error).message}` });
      continue;
    }
    opts.onFile?.(rel, result.skipped ? 'skipped' : 'scanned');
    addExemptions(result.exemptions);
    // one finding per kind and value in a file, whether it stood in the path or the content
    const seen = new Set<string>();
    for (const f of [...fromPath, ...result.findings]) {
      if (seen.has(`${f.kind}:${f.value}`)) continue;
      seen.add(`${f.kind}:${f.value}`);
      findings.push({ file: rel, kind: f.kind, masked: f.masked, context: f.context });
    }
  }
  return { findings, exemptions };
}

/** Runs the gate over `dir` with the personal values of `warehouse`. */
export async function runGate(
  dir: string,
  opts: { warehouse: string; audience?: Audience; allow?: string[]; secrets?: Secrets },
): Promise<GateReport> {
  const started = performance.now();
  const allow = parseAllow(opts.allow ?? allowFromEnv());
  const secrets = opts.secrets ?? (await loadSecrets(opts.warehouse));
  const counts = { scanned: 0, skipped: 0 };
  // A folder built from a public warehouse is public unless told otherwise; a public artifact
  // must come from one (its small counts suppressed).
  const audience = opts.audience ?? secrets.audience ?? 'internal';
  try {
    const { findings, exemptions } = await checkDir(dir, secrets, { allow, onFile: (_, k) => counts[k]++ });
    if (audience === 'public' && secrets.audience !== 'public') {
      findings.push({ file: '.', kind: 'audience', masked: '', context: '公开材料须由公开数据仓库（小计数已隐去）生成 / a public artifact must be built from the public warehouse' });
    }
    const b = secrets.byKind;
    return {
      dir,
      audience,
      ...counts,
      findings,
      exemptions,
      summary: `身份证号${b.id_number.size}个、电话${b.phone.size}个、户编号${b.household_id.size}个、姓名${b.name.size}个`,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    closeDecoders();
  }
}

/** The report as printed: every exemption with its count; findings masked. */
export function reportLines(r: GateReport): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const exempt = [...r.exemptions].sort((a, b) => b[1] - a[1]);
  const exemptLine = exempt.length ? `；豁免 ${exempt.reduce((n, [, c]) => n + c, 0)} 处（见下）` : '';
  if (r.findings.length === 0) {
    out.push(`[privacy] 通过：${r.dir} 的 ${r.scanned} 个文件（另跳过图片、字体、wasm ${r.skipped} 个）中未发现 ${r.summary}${exemptLine}，用时${r.seconds.toFixed(1)}秒；受众：${AUDIENCE_LABEL[r.audience]}`);
  } else {
    err.push(`[privacy] 失败：发现个人信息 ${r.findings.length} 处 / personal data found (${r.findings.length}):`);
    for (const f of r.findings.slice(0, 50)) err.push(`  ${f.file}  ${f.kind === 'undecodable' ? '无法解码' : f.kind === 'audience' ? '受众' : KIND_LABEL[f.kind]} ${f.masked}  …${f.context}…`);
    if (r.findings.length > 50) err.push(`  …另有 ${r.findings.length - 50} 处`);
    err.push('[privacy] 只发布汇总数据；确属误报的词可用 --allow 词@文件 或 PRIVACY_ALLOW=词@文件 排除（须同时写明词和文件）。');
  }
  for (const [reason, n] of exempt) (r.findings.length ? err : out).push(`[privacy]   豁免：${reason} ${n} 处`);
  return { out, err };
}

export function printReport(r: GateReport): void {
  const { out, err } = reportLines(r);
  for (const l of out) console.log(l);
  for (const l of err) console.error(l);
}

export function writeStamp(dir: string, r: GateReport): void {
  const stamp: Stamp = {
    audience: r.audience,
    checked_at: new Date().toISOString(),
    files: r.scanned + r.skipped,
    seconds: Number(r.seconds.toFixed(1)),
    exemptions: [...r.exemptions].map(([reason, count]) => ({ reason, count })),
  };
  fs.writeFileSync(path.join(dir, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

export function readStamp(dir: string): Stamp | null {
  const file = path.join(dir, STAMP);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Stamp) : null;
}

/** Refuses to go on from a site that has not passed the gate (or passed it for another audience). */
export function requirePassedSite(dir: string, audience?: Audience): Stamp {
  const stamp = readStamp(dir);
  if (!fs.existsSync(path.join(dir, 'index.html')) || !stamp) {
    throw new Error(`网站 ${dir} 没有通过个人信息检查（缺少 ${STAMP}），不能从它导出 PDF；请重新构建网站 / the site has not passed the privacy gate`);
  }
  if (audience && stamp.audience !== audience) {
    throw new Error(`网站 ${dir} 是为“${AUDIENCE_LABEL[stamp.audience]}”构建的，不能导出“${AUDIENCE_LABEL[audience]}”的材料 / site audience mismatch`);
  }
  return stamp;
}

/** A temporary folder beside `finalDir` (same file system, so moving into place is a rename). */
export function stagingDir(finalDir: string): string {
  const parent = path.dirname(path.resolve(finalDir));
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, `.${path.basename(finalDir)}.writing-`));
}

/**
 * Checks `staging` and, when it passes, moves each of its entries into `finalDir` (replacing
 * what is there under the same name) and stamps it; when it fails, removes `staging` and throws.
 * `replace` swaps the whole folder instead (the Parquet export, the site).
 */
export async function publish(
  staging: string,
  finalDir: string,
  opts: { warehouse: string; audience?: Audience; allow?: string[]; replace?: boolean; quiet?: boolean },
): Promise<GateReport> {
  let report: GateReport;
  try {
    report = await runGate(staging, opts);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (!opts.quiet || report.findings.length) printReport(report);
  if (report.findings.length) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new PrivacyGateError(report);
  }
  writeStamp(staging, report);
  if (opts.replace) {
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(staging, finalDir);
  } else {
    fs.mkdirSync(finalDir, { recursive: true });
    for (const name of fs.readdirSync(staging)) {
      const target = path.join(finalDir, name);
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(path.join(staging, name), target);
    }
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return report;
}
