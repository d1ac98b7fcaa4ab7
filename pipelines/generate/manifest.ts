import type { EntityName } from '../../core/glossary.ts';
import type { DirtEntry } from './dirt.ts';
import type { Habit, Layout } from './layout.ts';
import type { CsvEncoding, FileFormat } from './ledger-writer.ts';
import type { Scale } from './places.ts';

/**
 * <out>/generation.json: what was generated and exactly which dirt went where. It holds no
 * timings or paths outside the output folder, so two runs with one seed write the same bytes.
 */

export interface ManifestFile {
  month: string;
  entity: EntityName;
  /** Relative to the output folder: '2024-06/农户信息.csv'. */
  path: string;
  format: FileFormat;
  encoding: CsvEncoding | null;
  /** Row of the header (1, or 2 under a title row); data start on the next row. */
  headerRow: number;
  title: string | null;
  /** Data rows written, duplicates included. */
  rows: number;
  /** Data rows before dirt (distinct records). */
  cleanRows: number;
  bytes: number;
  sha256: string;
  /** Layouts other than codes: the file's habits, and whether it is a payment list by 项目编号 only. */
  habit?: Habit;
  projectOnly?: true;
}

export interface MonthSummary {
  month: string;
  households: number;
  people: number;
  registeredHouseholds: number;
  registeredPeople: number;
  unliftedHouseholds: number;
  unliftedPeople: number;
  monitoredHouseholds: number;
  monitoredPeople: number;
  edgeHouseholds: number;
  edgePeople: number;
  /** 未脱贫人口 ÷ 农业户籍人口. */
  povertyIncidence: number;
  issues: number;
  issuesClosed: number;
  issuesOverdue: number;
  allocatedYuan: number;
  paidYuan: number;
}

export interface Manifest {
  generator: 'campaign-demo-generator';
  version: 1;
  seed: number;
  scale: Scale;
  start: string;
  months: string[];
  dirtRate: number;
  formats: FileFormat[];
  /** 元 per person per year; 人均纯收入 below it is "below the line". */
  incomeLine: number;
  /** Layouts other than codes (see layout.ts): which towns write names, and whether county funds were planned. */
  layout?: { layout: Layout; share: number; namesTowns: string[]; countyFunds: boolean };
  geography: { counties: number; towns: number; villages: number; households: number; source: 'generated' | 'supplied' };
  /** 挂牌 villages by seed 003's thresholds on the first month's figures (see listVillages in campaign.ts). */
  listing: { rule: string; provincial: string[]; municipal: string[] };
  files: ManifestFile[];
  summary: MonthSummary[];
  dirt: DirtEntry[];
  /** Province scale: the dirt is listed in this CSV (same fields) instead of `dirt`. */
  dirtFile?: string;
  /** Dirt counts by kind, for a quick look. */
  dirtByKind: Record<string, number>;
}
