/**
 * The test suite's mock OpenAI-compatible server as a process of its own, for the benchmark: its
 * CPU time is then not spameval's. Prints `READY <baseURL>` when listening. Each line `stats` on
 * stdin prints `STATS {"requests":N,"spanSeconds":S}` for the requests since the last `stats`
 * (span: first request received to last answer sent, the network part as the server saw it) and
 * starts counting afresh. On SIGTERM or when stdin closes, prints the totals the same way and exits.
 *
 *   node --import tsx scripts/bench/serve-mock.ts --latency 50
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { keywordAnswer, startMockOpenAIServer } from '../../tests/helpers/mock-openai-server.js';

const { values } = parseArgs({ options: { latency: { type: 'string', default: '50' } }, strict: true });
const latencyMs = Number(values.latency);
let requests = 0;
let total = 0;
let first = 0;
let last = 0;
const server = await startMockOpenAIServer({
  latencyMs,
  log: false,
  handler: (request) => {
    const now = performance.now();
    if (requests === 0) first = now;
    requests += 1;
    total += 1;
    // the answer leaves `latencyMs` later: that is when this request ends, as the server sees it
    last = now + latencyMs;
    return keywordAnswer(request);
  },
});
process.stdout.write(`READY ${server.baseURL}\n`);

const report = (count: number): void => {
  const spanSeconds = requests === 0 ? 0 : (last - first) / 1000;
  process.stdout.write(`STATS ${JSON.stringify({ requests: count, spanSeconds })}\n`);
};

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  report(total);
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'stats') return;
  report(requests);
  requests = 0;
});
lines.on('close', () => void stop());
