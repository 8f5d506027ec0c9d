import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const domain = join(root, 'src', 'domain');
/** The domain may use validation and numerical libraries, nothing that reaches the world. */
const allowed = [/^\.{1,2}\//, /^zod$/, /^@stdlib\/[a-z0-9-]+$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const specifier = match[1] ?? match[2];
    if (specifier !== undefined) specifiers.push(specifier);
  }
  return specifiers;
}

describe('src/domain stays pure', () => {
  const files = sourceFiles(domain);

  it('finds the domain sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [relative(root, file), file]))('%s imports no I/O', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const forbidden = importsOf(text).filter((specifier) => !allowed.some((pattern) => pattern.test(specifier)));
    expect(forbidden).toEqual([]);
    expect(text).not.toMatch(/\bprocess\.(env|stdout|stderr|exit|cwd)\b/);
    expect(text).not.toMatch(/\bMath\.random\(/);
  });
});
