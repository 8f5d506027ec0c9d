// The floor the runner is compared with: the same number of chat requests, at the same
// concurrency, to the same server, from a bare node:http keep-alive loop that does nothing else.
// Whatever this takes above the ideal is the machine and the server, not spameval.
//   node raw-floor.mjs <baseURL> <requests> <concurrency> <bodyBytes>
import { Agent, request } from 'node:http';

const [baseURL = '', requestsArg = '0', concurrencyArg = '1', bytesArg = '4000'] = process.argv.slice(2);
const total = Number(requestsArg);
const concurrency = Number(concurrencyArg);
const agent = new Agent({ keepAlive: true });
const body = JSON.stringify({
  model: 'mock-model',
  messages: [{ role: 'user', content: `<item_text>\nClick to win a free prize\n</item_text>\n${'x'.repeat(Number(bytesArg))}` }],
});
const url = new URL(`${baseURL}/chat/completions`);

function post() {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next += 1;
      await post();
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
