/**
 * Every command's entry point imports this first. An error that reaches the top prints one line
 * in Chinese and exits 1, instead of Node's stack dump; CAMPAIGN_DEBUG=1 shows the stack too.
 * (Known failures, such as a file that cannot be read, are reported where they happen; this is
 * for the rest: a missing warehouse, a locked one, a failed query.)
 */
function report(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  console.error(`失败：${e.message}`);
  if (process.env.CAMPAIGN_DEBUG) console.error(e.stack);
  else console.error('（设置环境变量 CAMPAIGN_DEBUG=1 可查看详细调用栈）');
}

process.on('uncaughtException', (error) => {
  report(error);
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  report(error);
  process.exit(1);
});
