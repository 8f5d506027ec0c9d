import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/golden-fixture.js';

describe('the CLI in a pipeline', () => {
  it('exits quietly when the reader closes the pipe early (`spameval report … | head -1`)', async () => {
    // the shipped set: its per-item CSV is far larger than a pipe's buffer, so the write must fail
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'spameval.config.yaml'),
      'golden_set: spamassassin-public@1.0.0\ncandidates:\n  - { id: rules, type: builtin, name: rules }\n',
    );
    const run = await runCli(['run', '--quiet', '--format', 'json'], { cwd });
    expect(run.code).toBe(0);
    const dir = /"dir":\s*"([^"]+)"/.exec(run.stdout)?.[1] ?? /\.spameval\/runs\/[^\s"]+/.exec(run.stdout)?.[0];
    if (!dir) throw new Error(`no run folder in: ${run.stdout}`);
    const child = spawn(process.execPath, [binPath, 'report', dir, '--format', 'csv'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // read one chunk, then close our end, as `head` does
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
