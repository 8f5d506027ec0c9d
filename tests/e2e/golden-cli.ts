import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, runCli, type CliResult } from '../helpers/cli.js';

/** 2026-01-01T00:00:00Z: new versions get a fixed date, so their bytes are predictable. */
export const EPOCH = '1767225600';

export function curationCopy(): string {
  return copyFixture('golden-curation');
}

export function golden(cwd: string, ...args: string[]): Promise<CliResult> {
  return runCli(['golden', ...args], { cwd, env: { SOURCE_DATE_EPOCH: EPOCH } });
}

/** The version folders (and any leftover temporary folder) of a set. */
export function versionsOf(cwd: string, name: string): string[] {
  const dir = join(cwd, 'golden-sets', name);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export interface WrittenSet {
  manifest: Record<string, unknown> & { count: number; sha256: string };
  items: Record<string, unknown>[];
  itemsText: string;
}

export function readVersion(cwd: string, name: string, version: string): WrittenSet {
  const dir = join(cwd, 'golden-sets', name, version);
  const itemsText = readFileSync(join(dir, 'items.jsonl'), 'utf8');
  return {
    manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')),
    items: itemsText.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line)),
    itemsText,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
