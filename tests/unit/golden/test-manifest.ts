import type { Manifest } from '../../../src/domain/golden/schema.js';
import { baseManifest } from '../../helpers/golden-fixture.js';

/** A valid manifest for unit tests: spam/not_spam with a `scam` category, count and hash unset. */
export function testManifest(extra: Partial<Manifest> = {}): Manifest {
  return { schema_version: 1, ...baseManifest, name: 'set', changelog: [], count: 0, sha256: '0'.repeat(64), ...extra };
}
