/**
 * The test suite's mock OpenAI-compatible server as a process of its own, for the benchmark: its
 * CPU time is then not spameval's. Prints `READY <baseURL>` when listening; on SIGTERM or when
 * stdin closes, prints `STATS {"requests":N}` and exits.
 *
 *   node --import tsx scripts/bench/serve-mock.ts --latency 50
 */
import { parseArgs } from 'node:util';
import { keywordAnswer, startMockOpenAIServer } from '../../tests/helpers/mock-openai-server.js';

const { values } = parseArgs({ options: { latency: { type: 'string', default: '50' } }, strict: true });
const latencyMs = Number(values.latency);
let requests = 0;
const server = await startMockOpenAIServer({
  latencyMs,
  log: false,
  handler: (request) => {
    requests += 1;
    return keywordAnswer(request);
  },
});
process.stdout.write(`READY ${server.baseURL}\n`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`STATS ${JSON.stringify({ requests })}\n`);
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
