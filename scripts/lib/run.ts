/**
 * Runs a program as a child process, the same way on Linux, macOS and Windows: no shell, output
 * passed through (and optionally scanned line by line), a time limit that ends the whole process
 * tree (tree-kill: Evidence starts vite through npx and a shell), and the exit code returned.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import treeKill from 'tree-kill';
import { ROOT } from '../../core/config.ts';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Seconds; 0 or undefined: no limit. */
  timeoutSeconds?: number;
  /** Called with every complete line of stdout and stderr (the output is still shown). */
  onLine?: (line: string) => void;
  /** Do not show the child's output. */
  quiet?: boolean;
}

export interface RunResult {
  code: number;
  timedOut: boolean;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const piped = !!options.onLine || !!options.quiet;
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: piped ? ['inherit', 'pipe', 'pipe'] : 'inherit',
      windowsHide: true,
    });
    let timedOut = false;
    const timer =
      options.timeoutSeconds && options.timeoutSeconds > 0
        ? setTimeout(() => {
            timedOut = true;
            if (child.pid !== undefined) treeKill(child.pid, 'SIGKILL');
          }, options.timeoutSeconds * 1000)
        : undefined;
    if (piped) {
      for (const [stream, out] of [
        [child.stdout!, process.stdout],
        [child.stderr!, process.stderr],
      ] as const) {
        let rest = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          if (!options.quiet) out.write(chunk);
          const lines = (rest + chunk).split(/\r?\n/);
          rest = lines.pop() ?? '';
          for (const line of lines) options.onLine?.(line);
        });
        stream.on('end', () => {
          if (rest) options.onLine?.(rest);
        });
      }
    }
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), timedOut });
    });
  });
}

const require = createRequire(import.meta.url);

/** A TypeScript script of this project, run with this Node and tsx (no shell, no .bin shims). */
export function runTs(script: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, [require.resolve('tsx/cli'), path.resolve(ROOT, script), ...args], options);
}
