import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../core/warehouse.ts';
import { SAMPLE, tempDir } from '../helpers/warehouse.ts';

function cli(script: string, args: string[], warehousePath: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.resolve(script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CAMPAIGN_WAREHOUSE: warehousePath, CAMPAIGN_DEBUG: '' },
  });
}

describe('commands fail in one Chinese line, not a stack dump', () => {
  it('an export before any data is loaded says the warehouse does not exist and what to run', () => {
    const db = path.join(tempDir('cli'), 'none.duckdb');
    const r = cli('exports/cli.ts', ['--no-pdf'], db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`失败：数据仓库 ${db} 不存在：请先运行 npm run demo`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a load while another process holds the warehouse names that process', async () => {
    const db = path.join(tempDir('cli'), 'held.duckdb');
    const holder = await Warehouse.open(db);
    try {
      const r = cli('pipelines/cli/load.ts', [SAMPLE, '--quiet'], db);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`数据仓库 ${db} 正被另一个进程（PID ${process.pid}）使用`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      holder.close();
    }
  });

  it('a missing input is named', () => {
    const r = cli('pipelines/cli/load.ts', ['/no/such/folder'], path.join(tempDir('cli'), 'w.duckdb'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('失败：folder：文件或文件夹不存在（/no/such/folder）');
  });
});
