import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root, resolved from this file so commands work from any working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const Env = z.object({
  CAMPAIGN_WAREHOUSE: z.string().min(1).default(path.join(ROOT, 'warehouse', 'campaign.duckdb')),
  CAMPAIGN_THREADS: z.coerce.number().int().min(1).max(64).optional(),
});

export type Config = Readonly<{
  warehousePath: string;
  threads: number | undefined;
  root: string;
}>;

function readConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`配置错误 / bad configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return Object.freeze({
    warehousePath: parsed.data.CAMPAIGN_WAREHOUSE,
    threads: parsed.data.CAMPAIGN_THREADS,
    root: ROOT,
  });
}

/** Read once per process, typed and frozen. */
export const config: Config = readConfig(process.env);
