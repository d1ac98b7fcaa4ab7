import { Command } from 'commander';
import { formatSeconds } from '../../core/format.ts';
import { createProgress } from '../../core/progress.ts';
import { warehouse } from '../../core/warehouse.ts';
import { runDataTests } from '../runner/data-tests.ts';
import { runModels } from '../runner/run.ts';

const program = new Command()
  .name('npm run models --')
  .description('按依赖顺序构建 staging → intermediate → marts，并可运行数据测试')
  .option('--select <model>', '只运行该模型及其下游模型；前加 + 同时运行其上游模型')
  .option('--test', '构建后运行数据测试（唯一、非空、关联、取值、跨行断言）')
  .option('--quiet', '只输出汇总和错误')
  .action(async (opts) => {
    const wh = await warehouse();
    const started = performance.now();
    const results = await runModels(wh, { select: opts.select, progress: createProgress({ quiet: opts.quiet }) });
    console.log(`模型运行完成：${results.length}个模型，用时${formatSeconds(performance.now() - started)}`);
    if (opts.test) {
      const tests = await runDataTests(wh);
      const failed = tests.filter((t) => t.failures > 0);
      console.log(`数据测试：${tests.length - failed.length}项通过，${failed.length}项失败`);
      for (const t of failed) console.log(`  ✗ ${t.name}（${t.description}）：${t.failures}行不符合，例如 ${JSON.stringify(t.sample[0])}`);
      if (failed.length > 0) process.exitCode = 1;
    }
  });

await program.parseAsync();
