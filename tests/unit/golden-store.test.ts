import { describe, expect, it } from 'vitest';
import { loadGoldenSet, resolveGoldenRef } from '../../src/adapters/stores/golden-store.js';
import { InputError } from '../../src/domain/problems.js';
import { tempDir, writeGoldenSet } from '../helpers/golden-fixture.js';

const spam = { id: 'a', text: 'buy now', label: 'spam', category: 'scam' };
const ham = { id: 'b', text: 'hello', label: 'not_spam' };

async function problemsOf(lines: (Record<string, unknown> | string)[], manifest?: Record<string, unknown>) {
  const root = tempDir();
  const dir = writeGoldenSet(root, { lines, ...(manifest ? { manifest } : {}) });
  try {
    await loadGoldenSet(dir, [root]);
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems, message: error.message, dir };
    throw error;
  }
  throw new Error('expected the golden set to be rejected');
}

describe('loadGoldenSet', () => {
  it('loads a valid set with its ref and items in file order', async () => {
    const root = tempDir();
    writeGoldenSet(root, { lines: [spam, ham] });
    const golden = await loadGoldenSet('fixture@1.0.0', [root]);
    expect(golden.ref).toBe('fixture@1.0.0');
    expect(golden.items.map((item) => item.id)).toEqual(['a', 'b']);
  });

  it('reports invalid JSON with its line and column', async () => {
    const { problems, message } = await problemsOf([spam, '{"id": "c", "text": oops}', ham]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2 });
    expect(message).toMatch(/items\.jsonl:2: invalid JSON at column \d+/);
  });

  it('reports a missing required field by line and field', async () => {
    const { problems } = await problemsOf([spam, { id: 'c', label: 'spam' }]);
    expect(problems).toEqual([expect.objectContaining({ line: 2, field: 'text', message: 'is required' })]);
  });

  it('reports an unknown label and lists the allowed ones', async () => {
    const { problems, message } = await problemsOf([spam, { ...ham, label: 'ham' }]);
    expect(problems).toEqual([expect.objectContaining({ line: 2, field: 'label' })]);
    expect(message).toContain("unknown label 'ham'");
    expect(message).toContain('expected one of: spam, not_spam');
  });

  it('reports an unknown category', async () => {
    const { problems } = await problemsOf([{ ...spam, category: 'phishing' }]);
    expect(problems).toEqual([expect.objectContaining({ line: 1, field: 'category' })]);
  });

  it('reports an unknown reviewer label at its position in the reviews list', async () => {
    const { problems } = await problemsOf([{ ...ham, reviews: [{ reviewer: 'r1', label: 'spam' }, { reviewer: 'r2', label: 'maybe' }] }]);
    expect(problems).toEqual([expect.objectContaining({ line: 1, field: 'reviews.1.label' })]);
  });

  it('reports a duplicate id with the line of the first occurrence', async () => {
    const { problems, message } = await problemsOf([spam, ham, { ...spam, text: 'again' }]);
    expect(problems).toEqual([expect.objectContaining({ line: 3, field: 'id' })]);
    expect(message).toContain('first seen on line 1');
  });

  it('reports an unknown key rather than ignoring it', async () => {
    const { problems } = await problemsOf([{ ...spam, lable: 'spam' }]);
    expect(problems[0]?.message).toContain("unknown key 'lable'");
  });

  it('reports a sha256 mismatch against the manifest', async () => {
    const { problems } = await problemsOf([spam, ham], { sha256: 'a'.repeat(64) });
    expect(problems).toEqual([expect.objectContaining({ field: 'sha256' })]);
    expect(problems[0]?.file).toMatch(/manifest\.json$/);
  });

  it('reports a count mismatch against the manifest', async () => {
    const { problems } = await problemsOf([spam, ham], { count: 3 });
    expect(problems).toEqual([expect.objectContaining({ field: 'count', message: expect.stringContaining('has 2') })]);
  });

  it('reports manifest field errors with the manifest file', async () => {
    const { problems } = await problemsOf([spam], { positive: 'junk' });
    expect(problems).toEqual([expect.objectContaining({ field: 'positive' })]);
    expect(problems[0]?.file).toMatch(/manifest\.json$/);
  });

  it('collects every problem in one pass', async () => {
    const { problems } = await problemsOf([{ ...spam, label: 'x' }, '{bad', { ...ham, id: 'a' }]);
    expect(problems.map((problem) => problem.line)).toEqual([1, 2, 3]);
  });
});

describe('resolveGoldenRef', () => {
  it('takes the highest semantic version for a bare name, not the highest string', () => {
    const root = tempDir();
    for (const version of ['1.2.0', '1.10.0', '1.9.3']) writeGoldenSet(root, { manifest: { version }, lines: [spam] });
    expect(resolveGoldenRef('fixture', [root])).toMatch(/1\.10\.0$/);
    expect(resolveGoldenRef('fixture@1.2.0', [root])).toMatch(/1\.2\.0$/);
  });

  it('names the available versions when the asked one is missing', () => {
    const root = tempDir();
    writeGoldenSet(root, { lines: [spam] });
    expect(() => resolveGoldenRef('fixture@2.0.0', [root])).toThrow(/has no version 2\.0\.0.*available: 1\.0\.0/s);
  });

  it('searches roots in order', () => {
    const first = tempDir();
    const second = tempDir();
    writeGoldenSet(second, { lines: [spam] });
    expect(resolveGoldenRef('fixture', [first, second]).startsWith(second)).toBe(true);
  });
});

describe('wrong types are named as such, not as missing', () => {
  it('says what type a field expected and what it got', async () => {
    const root = tempDir();
    const dir = writeGoldenSet(root, { lines: [{ id: 'a', text: 5, label: 'spam' }] });
    await expect(loadGoldenSet(dir, [root])).rejects.toThrow(/:1: field 'text': expected string, received number/);
  });
});
