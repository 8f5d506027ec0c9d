// Preloaded into the CLI by the benchmark (`node --import`): at exit, writes the process's own
// peak RSS and CPU time to $SPAMEVAL_BENCH_USAGE, so they are measured without any tool.
import { writeFileSync } from 'node:fs';

const out = process.env.SPAMEVAL_BENCH_USAGE;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
