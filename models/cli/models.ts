import '../../core/cli-errors.ts';
import { Command } from 'commander';
import { npmArgs } from '../../core/npm-args.ts';
import { formatSeconds } from '../../core/format.ts';
import { createProgress } from '../../core/progress.ts';
import { warehouse } from '../../core/warehouse.ts';
import { collectDataTests, describeFailure, failedTests, runDataTests } from '../runner/data-tests.ts';
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
    let results;
    try {
      results = await runModels(wh, { select: opts.select, progress: createProgress({ quiet: opts.quiet }) });
    } catch (error) {
      // The runner works in one transaction: nothing it built is kept.
      console.error(`模型运行失败，已回滚，marts 未改变：${(error as Error).message}`);
      process.exitCode = 1;
      return;
    }
    console.log(`模型运行完成：${results.length}个模型，用时${formatSeconds(performance.now() - started)}`);
    if (opts.test) {
      // With --select, the tests of the models just built (a test reading several tables runs
      // when any of them was built, and says so if another is missing from the warehouse).
      const built = new Set(results.map((r) => `${r.layer}.${r.name}`));
      const selected = collectDataTests().filter((t) => !opts.select || t.tables.some((x) => built.has(x)));
      const tests = await runDataTests(wh, selected);
      const failed = failedTests(tests);
      console.log(`数据测试：${tests.length - failed.length}项通过，${failed.length}项失败`);
      for (const t of failed) console.log(`  ${describeFailure(t)}`);
      if (failed.length > 0) process.exitCode = 1;
    }
  });

await program.parseAsync(npmArgs(program), { from: 'user' });
