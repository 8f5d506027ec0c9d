import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { apiError, keywordAnswer, startMockOpenAIServer, type MockServer } from '../helpers/mock-openai-server.js';
import { openaiSuite, runFolders, workspace } from './run-harness.js';

const OPENAI_KEY = 'sk-live-7Hq2ZxP0secretKEYvalue';
const HTTP_TOKEN = 'tok-9f8e7d6c5b4a-http-secret';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let server: MockServer;
beforeAll(async () => {
  server = await startMockOpenAIServer({
    handler: (request) => {
      const auth = String(request.headers.authorization ?? '');
      // some servers echo the credential they got; every tenth item gets such an error
      if (request.itemId?.endsWith('0')) return apiError(500, `upstream rejected credential "${auth}"`);
      if (request.path.startsWith('/score')) {
        return { type: 'json', body: { verdict: /win|free/i.test(request.itemText) ? 'spam' : 'not_spam', echo: `token was ${auth}` } };
      }
      return keywordAnswer(request);
    },
  });
});
afterAll(async () => {
  await server.close();
});

describe('secrets (built CLI)', () => {
  it('never writes an API key or header token to any file or output, even when the server echoes it', async () => {
    const http = `  - id: scorer
    type: http
    url: ${server.origin}/score
    headers: { Authorization: "Bearer \${env:SCORER_TOKEN}" }
    response: { label: verdict, rationale: echo }
    max_attempts: 1
`;
    const suite = openaiSuite(server.baseURL, { max_attempts: 1, concurrency: 8 }, 'error_budget: 0.5\n').replace(
      'candidates:\n',
      `candidates:\n${http}`,
    );
    const cwd = workspace(suite);
    const result = await runCli(['run', '--quiet'], { cwd, env: { MOCK_OPENAI_KEY: OPENAI_KEY, SCORER_TOKEN: HTTP_TOKEN } });
    expect(result.code).toBe(0);
    // the secrets were really used, so their absence below means something
    const auths = new Set(server.requests.map((request) => request.headers.authorization));
    expect(auths).toEqual(new Set([`Bearer ${OPENAI_KEY}`, `Bearer ${HTTP_TOKEN}`]));
    expect(runFolders(join(cwd, '.spameval/runs'))).toHaveLength(2);

    const written = filesUnder(cwd);
    expect(written.some((file) => file.includes(join('.spameval', 'cache')))).toBe(true);
    for (const file of written) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(OPENAI_KEY);
      expect(text, file).not.toContain(HTTP_TOKEN);
    }
    for (const stream of [result.stdout, result.stderr]) {
      expect(stream).not.toContain(OPENAI_KEY);
      expect(stream).not.toContain(HTTP_TOKEN);
    }
    // the echoed credentials were recorded, redacted
    const predictions = written.filter((file) => file.endsWith('predictions.jsonl')).map((file) => readFileSync(file, 'utf8')).join('');
    expect(predictions).toContain('upstream rejected credential \\"Bearer [redacted]\\"');
    expect(predictions).toContain('token was Bearer [redacted]');
  });
});
