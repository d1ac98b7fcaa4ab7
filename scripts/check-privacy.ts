/**
 * Command line over the privacy gate (privacy/gate.ts), for the site build:
 *
 *   tsx scripts/check-privacy.ts [--warehouse FILE] [--audience internal|public] [--allow 词@文件]... [dir, default build]
 *
 * The audience defaults to the warehouse's (public for a copy made by `npm run export -- --public`).
 * Exits 1 when anything personal is found (the report masks what it found), 2 when the warehouse
 * or the folder is missing, 0 otherwise; on success it writes <dir>/.privacy-gate.json, which the
 * exports require before printing from the site, and on failure it removes a stale one.
 * PRIVACY_ALLOW=词@文件,… adds allow-list entries; each names the word and the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowFromEnv, printReport, runGate, STAMP, writeStamp, type Audience, type GateReport } from '../privacy/gate.ts';

export { runGate, type GateReport } from '../privacy/gate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Checks `dir`, prints the report, stamps a passed folder; returns the exit code. */
export async function checkPrivacy(dir: string, opts: { warehouse: string; audience?: Audience; allow?: string[] }): Promise<{ code: number; report?: GateReport }> {
  if (!fs.existsSync(opts.warehouse)) {
    console.error(`[privacy] 数据仓库不存在 / warehouse not found: ${opts.warehouse}`);
    return { code: 2 };
  }
  if (!fs.existsSync(dir)) {
    console.error(`[privacy] 目录不存在 / dir not found: ${dir}`);
    return { code: 2 };
  }
  fs.rmSync(path.join(dir, STAMP), { force: true });
  const report = await runGate(dir, opts);
  printReport(report);
  if (report.findings.length) return { code: 1, report };
  if (fs.statSync(dir).isDirectory()) writeStamp(dir, report);
  return { code: 0, report };
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const allow = allowFromEnv();
  let warehouse = process.env.CAMPAIGN_WAREHOUSE ?? path.join(ROOT, 'warehouse', 'campaign.duckdb');
  let audience: Audience | undefined; // default: what the warehouse says (meta.publication), else internal
  let dir = path.join(ROOT, 'build');
  while (args.length) {
    const a = args.shift() as string;
    if (a === '--warehouse') warehouse = args.shift() ?? warehouse;
    else if (a === '--allow') allow.push(args.shift() ?? '');
    else if (a === '--audience') {
      const v = args.shift();
      if (v !== 'internal' && v !== 'public') {
        console.error('[privacy] --audience 只能是 internal 或 public');
        return 2;
      }
      audience = v;
    } else if (a === '-h' || a === '--help') {
      console.log('tsx scripts/check-privacy.ts [--warehouse FILE] [--audience internal|public] [--allow 词@文件]... [dir]');
      return 0;
    } else dir = a;
  }
  try {
    return (await checkPrivacy(dir, { warehouse, audience, allow })).code;
  } catch (e) {
    console.error(`[privacy] ${(e as Error).message}`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
