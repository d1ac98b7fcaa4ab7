import fs from 'node:fs';
import path from 'node:path';

export const LAYERS = ['staging', 'intermediate', 'marts'] as const;
export type Layer = (typeof LAYERS)[number];

export interface Model {
  name: string;
  layer: Layer;
  file: string;
  sql: string;
  materialized: 'view' | 'table';
  /** Models this one selects from, read off its SQL. */
  deps: string[];
}

const DEFAULT_MATERIALIZATION: Record<Layer, Model['materialized']> = {
  staging: 'view',
  intermediate: 'table',
  marts: 'table',
};

/** Reads models/<layer>/*.sql; a first-line comment `-- materialized: view|table` overrides the layer default. */
export function discoverModels(root: string): Model[] {
  const models: Model[] = [];
  for (const layer of LAYERS) {
    const dir = path.join(root, layer);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      const sql = fs.readFileSync(path.join(dir, f), 'utf8');
      const override = /^--\s*materialized:\s*(view|table)/m.exec(sql)?.[1] as Model['materialized'] | undefined;
      models.push({ name: path.basename(f, '.sql'), layer, file: path.join(dir, f), sql, materialized: override ?? DEFAULT_MATERIALIZATION[layer], deps: [] });
    }
  }
  const byName = new Map(models.map((m) => [m.name, m]));
  for (const m of models) {
    const refs = new Set<string>();
    for (const match of stripComments(m.sql).matchAll(/\b(staging|intermediate|marts)\.([a-z_][a-z0-9_]*)\b/g)) {
      const dep = byName.get(match[2]!);
      if (!dep) throw new Error(`${m.name} 引用了不存在的模型 ${match[1]}.${match[2]} / unknown model`);
      if (dep.layer !== match[1]) throw new Error(`${m.name} 引用 ${match[1]}.${match[2]}，但该模型在 ${dep.layer} 层`);
      if (dep.name !== m.name) refs.add(dep.name);
    }
    m.deps = [...refs].sort();
  }
  return topoSort(models);
}

function stripComments(sql: string): string {
  return sql.replace(/--.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Dependencies first; a cycle is an error naming its members. */
export function topoSort(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, trail: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting') throw new Error(`模型之间存在循环引用：${[...trail, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const d of m.deps) visit(byName.get(d)!, [...trail, m.name]);
    state.set(m.name, 'done');
    out.push(m);
  };
  for (const m of models) visit(m, []);
  return out;
}

/**
 * `name` selects the model and everything downstream of it (its dependents); `+name`, as in dbt,
 * selects the model and everything upstream of it, for a warehouse where those are not built.
 */
export function selectModels(models: Model[], selector: string): Model[] {
  const name = selector.replace(/^\+/, '');
  const byName = new Map(models.map((m) => [m.name, m]));
  if (!byName.has(name)) throw new Error(`没有名为 ${name} 的模型`);
  const chosen = new Set([name]);
  if (selector.startsWith('+')) {
    const up = (n: string): void => byName.get(n)!.deps.forEach((d) => (chosen.add(d), up(d)));
    up(name);
  } else {
    for (const m of models) if (m.deps.some((d) => chosen.has(d))) chosen.add(m.name);
  }
  return models.filter((m) => chosen.has(m.name));
}
