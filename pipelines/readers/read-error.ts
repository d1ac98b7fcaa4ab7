import path from 'node:path';

/** A file that cannot be read at all: named, explained in Chinese and English, never a crash. */
export class ReadError extends Error {
  constructor(
    readonly file: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${path.basename(file)}：${zh} / ${en}`);
    this.name = 'ReadError';
  }
}
