import cliProgress from 'cli-progress';

/** What long work reports: a labelled task with a fraction done. Quiet mode reports nothing. */
export interface Progress {
  start(label: string): void;
  update(fraction: number, detail?: string): void;
  finish(detail?: string): void;
  /** A line of its own (counts, summaries). */
  info(line: string): void;
}

export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  if (options.quiet) return silentProgress;
  const stream = options.stream ?? process.stderr;
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

export const silentProgress: Progress = {
  start() {},
  update() {},
  finish() {},
  info() {},
};

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | undefined;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  start(label: string) {
    this.bar?.stop();
    this.bar = new cliProgress.SingleBar(
      { stream: this.stream, format: `${label} [{bar}] {percentage}% {detail}`, hideCursor: true, barsize: 24 },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(100, 0, { detail: '' });
  }
  update(fraction: number, detail = '') {
    this.bar?.update(Math.round(Math.min(1, Math.max(0, fraction)) * 100), { detail });
  }
  finish(detail = '') {
    this.bar?.update(100, { detail });
    this.bar?.stop();
    this.bar = undefined;
  }
  info(line: string) {
    this.stream.write(`${line}\n`);
  }
}

/** For logs and CI: a line when a task starts, at most every 2 s while it runs, and when it ends. */
class LineProgress implements Progress {
  private label = '';
  private last = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  start(label: string) {
    this.label = label;
    this.last = Date.now();
    this.stream.write(`${label} …\n`);
  }
  update(fraction: number, detail = '') {
    if (Date.now() - this.last < 2000) return;
    this.last = Date.now();
    this.stream.write(`${this.label} ${Math.round(fraction * 100)}% ${detail}\n`);
  }
  finish(detail = '') {
    this.stream.write(`${this.label} 完成 ${detail}\n`);
  }
  info(line: string) {
    this.stream.write(`${line}\n`);
  }
}
