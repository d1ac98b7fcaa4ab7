import type { Command } from 'commander';

/**
 * Typed without `--` (`npm run export --month 2024-06`), a command's options never reach it: npm
 * keeps every `--name` for itself, as env npm_config_name ('true' for a flag or an option whose
 * value it left behind as a bare word, '' for `--no-name`). Flags are given back. A value can be
 * given back only when it is unambiguous: one swallowed option, one bare word, and a command that
 * takes no arguments of its own. Otherwise the user is told to add `--`, in Chinese, rather than
 * have a value read as a file name or silently dropped.
 */
export function recoverNpmOptions(
  program: Command,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { args: string[] } | { error: string } {
  if (env.npm_lifecycle_event === undefined) return { args: [...args] };
  const out = [...args];
  const given = (long: string) => out.some((a) => a === long || a.startsWith(`${long}=`));
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).map((o) => o.long!));
  // Bare words that are not the value of an option passed after `--`.
  const bare = out.filter((a, i) => !a.startsWith('-') && !(i > 0 && takesValue.has(out[i - 1]!)));
  const swallowed: string[] = [];
  for (const o of program.options) {
    if (!o.long || o.hidden) continue;
    const key = `npm_config_${o.long.replace(/^--(no-)?/, '').replaceAll('-', '_')}`;
    const value = env[key];
    if (value === undefined || given(o.long)) continue;
    if (o.negate) {
      if (value === '' || value === 'false') out.push(o.long);
    } else if (o.required || o.optional) {
      if (value === 'true') swallowed.push(o.long);
      else if (value !== '') out.push(`${o.long}=${value}`); // --name=value
    } else if (value === 'true') {
      out.push(o.long);
    }
  }
  if (swallowed.length === 0) return { args: out };
  const ownArguments = program.registeredArguments.length > 0;
  if (swallowed.length === 1 && bare.length === 1 && !ownArguments) {
    out.splice(out.indexOf(bare[0]!), 1, swallowed[0]!, bare[0]!);
    return { args: out };
  }
  const script = env.npm_lifecycle_event;
  const own = program.registeredArguments.map((a) => `<${(a.description || a.name()).split('（')[0]}${a.variadic ? '…' : ''}>`);
  return {
    error:
      `npm 把选项 ${swallowed.join('、')} 当成了它自己的选项，命令没有收到它们的值。请在选项前加 --，例如：` +
      `npm run ${script} -- ${[...own, ...swallowed.map((o) => `${o} …`)].join(' ')} / npm kept ${swallowed.join(', ')}; put -- before the options`,
  };
}

/**
 * The arguments to parse: the command line with the options npm kept given back (see
 * recoverNpmOptions); exits with the Chinese explanation when they cannot be.
 * Use as program.parse(npmArgs(program), { from: 'user' }).
 */
export function npmArgs(program: Command): string[] {
  const r = recoverNpmOptions(program, process.argv.slice(2), process.env);
  if ('error' in r) {
    console.error(r.error);
    process.exit(2);
  }
  return r.args;
}
