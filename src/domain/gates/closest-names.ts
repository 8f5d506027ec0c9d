/** Levenshtein distance (insert, delete, substitute), two rows of memory. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known names a mistyped one most likely meant: within a fifth of its length in edits (at
 * least 2) and no further than the best match plus one, or containing it (so `phishing.recall`
 * finds `category.phishing.recall`), closest first.
 */
export function closestNames(name: string, known: readonly string[], limit = 5): string[] {
  const wanted = name.toLowerCase();
  const budget = Math.max(2, Math.floor(wanted.length / 5));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower);
    if (distance <= budget) scored.push({ name: candidate, score: distance });
    else if (wanted.length >= 3 && lower.includes(wanted)) {
      scored.push({ name: candidate, score: budget + 1 + Math.abs(lower.length - wanted.length) / 100 });
    }
  }
  const best = Math.min(...scored.map((entry) => entry.score));
  return scored
    .filter((entry) => entry.score <= best + 1)
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}
