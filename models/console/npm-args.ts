import fs from 'node:fs';
import { FORMATS } from './output.ts';

/**
 * `npm run sql -c "select …"` is how analysts call the console, but npm reads options before the
 * script sees them: `-c` is npm's own `--call` (the SQL arrives as env npm_config_call), `-f` its
 * `--force`, `-o`/`--format` are dropped and their values left as bare words, `--write` and
 * `--out=x` become npm_config_write / npm_config_out. Rebuild the console's own arguments from
 * what npm left, so the natural command works with or without `--`.
 */
export function recoverNpmArgs(args: readonly string[], env: NodeJS.ProcessEnv): string[] {
  if (env.npm_lifecycle_event === undefined) return [...args];
  const out: string[] = [];
  const has = (...flags: string[]) => out.some((a) => flags.includes(a) || flags.some((f) => a.startsWith(`${f}=`)));
  // Options the script did receive (after `--`) are kept as they are.
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      out.push(a);
      if (!a.includes('=') && ['-c', '--command', '-f', '--file', '--format', '-o', '--out', '--db'].includes(a) && i + 1 < args.length) {
        out.push(args[++i]!);
      }
    } else positional.push(a);
  }
  if (env.npm_config_call && !has('-c', '--command')) out.push('--command', env.npm_config_call);
  if (env.npm_config_write === 'true' && !has('--write')) out.push('--write');
  if (env.npm_config_out && env.npm_config_out !== 'true' && !has('-o', '--out')) out.push('--out', env.npm_config_out);
  if (env.npm_config_db && env.npm_config_db !== 'true' && !has('--db')) out.push('--db', env.npm_config_db);
  for (const word of positional) {
    if ((FORMATS as readonly string[]).includes(word) && !has('--format')) out.push('--format', word);
    else if (/\.sql$/i.test(word) && fs.existsSync(word) && !has('-f', '--file')) out.push('--file', word);
    else if (/\.(csv|json|xlsx)$/i.test(word) && !has('-o', '--out')) out.push('--out', word);
    else if (!has('-c', '--command', '-f', '--file')) out.push('--command', word);
    else out.push(word);
  }
  return out;
}
