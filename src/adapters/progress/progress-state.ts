import type { PredictionRecord } from '../../domain/run/prediction.js';

/** Counters shared by the progress displays: done/total, rate, ETA, errors by kind, spend. */
export class ProgressState {
  candidateId = '';
  total = 0;
  done = 0;
  doneThisSession = 0;
  errors = new Map<string, number>();
  retries = 0;
  cached = 0;
  costUsd = 0;
  private startedAt = Date.now();

  start(info: { candidateId: string; total: number; alreadyDone: number }): void {
    this.candidateId = info.candidateId;
    this.total = info.total;
    this.done = info.alreadyDone;
    this.doneThisSession = 0;
    this.startedAt = Date.now();
  }

  record(record: PredictionRecord): void {
    this.done += 1;
    this.doneThisSession += 1;
    if (record.status === 'error') this.errors.set(record.error.kind, (this.errors.get(record.error.kind) ?? 0) + 1);
    if (record.status === 'ok' && record.cached) this.cached += 1;
    this.costUsd += record.costUsd ?? 0;
  }

  /** One line: `naive-bayes 1200/2000 60% 350/s eta 2s errors 3 (timeout 2, transport 1) $0.12`. */
  line(): string {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.doneThisSession / seconds : 0;
    const left = this.total - this.done;
    const eta = rate > 0 ? `eta ${formatSeconds(left / rate)}` : 'eta —';
    const percent = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    const errorCount = [...this.errors.values()].reduce((sum, count) => sum + count, 0);
    const errorText =
      errorCount === 0
        ? 'errors 0'
        : `errors ${errorCount} (${[...this.errors].map(([kind, count]) => `${kind} ${count}`).join(', ')})`;
    const parts = [
      `${this.candidateId} ${this.done}/${this.total} ${percent}%`,
      `${rate.toFixed(rate >= 10 ? 0 : 1)}/s`,
      eta,
      errorText,
    ];
    if (this.retries > 0) parts.push(`retries ${this.retries}`);
    if (this.cached > 0) parts.push(`cached ${this.cached}`);
    if (this.costUsd > 0) parts.push(`$${this.costUsd.toFixed(4)}`);
    return parts.join('  ');
  }
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  // rounded up once, before splitting, so 119.5 s is 2m00s rather than 1m60s
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
