import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/adapters/renderers/html/render-html.js';
import { renderTable } from '../../../src/adapters/renderers/render-table.js';
import { fixtureReport } from '../report/load-fixture-report.js';

describe('F1 interval on too few items', () => {
  it('is hidden in the HTML summary card as in the terminal table (14 items: TP + FP + FN < 20)', async () => {
    const { report } = await fixtureReport('hand');
    const { tp, fp, fn } = report.classification.answered.confusion;
    expect(tp + fp + fn).toBeLessThan(20);
    const page = renderHtml(report);
    const f1Card = /<[^>]*>F1<\/[^>]*>[\s\S]{0,400}/.exec(page)?.[0] ?? '';
    expect(f1Card).toContain('too few items for a bootstrap interval');
    expect(renderTable(report, { color: false })).toContain('too few items for a bootstrap interval');
  });

  it('is shown when there are enough items', async () => {
    const { report } = await fixtureReport('triage');
    const page = renderHtml(report);
    const f1Card = /<[^>]*>F1<\/[^>]*>[\s\S]{0,400}/.exec(page)?.[0] ?? '';
    expect(f1Card).toMatch(/95% CI \d\.\d+ – \d\.\d+/);
  });
});
