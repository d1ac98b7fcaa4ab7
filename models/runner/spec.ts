import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const ColumnTest = z.union([
  z.literal('unique'),
  z.literal('not_null'),
  z.object({ accepted_values: z.array(z.union([z.string(), z.number(), z.boolean()])) }).strict(),
  z.object({ relationships: z.object({ to: z.string(), field: z.string() }).strict() }).strict(),
  z.object({ range: z.object({ min: z.number().optional(), max: z.number().optional() }).strict() }).strict(),
]);

const Column = z
  .object({
    name: z.string(),
    label: z.string(),
    description: z.string().optional(),
    tests: z.array(ColumnTest).default([]),
  })
  .strict();

/** A model's YAML: what one row is, what each column means, and the tests on it. */
export const ModelSpec = z
  .object({
    model: z.string(),
    description: z.string(),
    grain: z.string(),
    unique_key: z.array(z.string()).optional(),
    publish: z.boolean().default(false),
    columns: z.array(Column),
  })
  .strict();

export type ModelSpec = z.infer<typeof ModelSpec>;
export type ColumnTest = z.infer<typeof ColumnTest>;

export function readSpec(file: string): ModelSpec {
  const parsed = ModelSpec.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}：模型说明格式错误，${issue.path.join('.')}：${issue.message}`);
  }
  return parsed.data;
}
