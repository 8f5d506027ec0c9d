/**
 * The report's only style sheet, inlined in `<style>` and admitted by the page's CSP through its
 * sha256 (no 'unsafe-inline'), so the page needs no style attribute anywhere: shading and chart
 * colours are classes. System fonts only — nothing may be fetched. Colours keep a contrast of
 * at least 4.5:1 for text on white (WCAG AA); the print rules keep tables and figures whole.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light;
  --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --panel: #f6f8fa;
  --accent: #1f5fa8; --accent-2: #b4480b; --good: #116329; --bad: #a40e26; --warn: #7d4e00;
  --good-bg: #dafbe1; --bad-bg: #ffebe9; --warn-bg: #fff8c5;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  line-height: 1.45;
}
header.page-head { background: #10243e; color: #fff; padding: 1.5rem 2rem 1.25rem; }
header.page-head h1 { margin: 0 0 .25rem; font-size: 1.6rem; font-weight: 650; }
header.page-head .subtitle { margin: 0; color: #d6e2f0; }
header.page-head .subtitle code { color: #fff; background: rgba(255,255,255,.12); }
nav.toc { display: flex; flex-wrap: wrap; gap: .25rem 1rem; background: var(--panel); border-bottom: 1px solid var(--rule); padding: .5rem 2rem; font-size: .9rem; }
nav.toc a { color: var(--accent); text-decoration: none; white-space: nowrap; }
nav.toc a:hover, nav.toc a:focus { text-decoration: underline; }
main { max-width: 1180px; margin: 0 auto; padding: 1rem 2rem 3rem; }
section { margin: 2rem 0; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink); padding-bottom: .25rem; margin: 0 0 1rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
p { margin: .4rem 0 .8rem; }
p.note, .muted { color: var(--muted); }
p.note { font-size: .9rem; }
.small { font-size: .8rem; font-weight: 400; }
code.kind { white-space: nowrap; }
.cp { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .75em; color: var(--bad); border: 1px solid currentColor; border-radius: 3px; padding: 0 .15em; margin: 0 .05em; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; }
code { background: var(--panel); padding: .05rem .3rem; border-radius: 3px; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: .7rem .9rem; background: #fff; }
.card .k { color: var(--muted); font-size: .82rem; text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 1.55rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .ci { color: var(--muted); font-size: .85rem; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 .35rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .35rem .6rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); background: var(--panel); }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
table.wide { width: 100%; }
td.text { max-width: 46rem; min-width: 20rem; width: 50%; }
td.labels { min-width: 8rem; max-width: 12rem; overflow-wrap: anywhere; }
tbody th code { overflow-wrap: anywhere; }
details > summary { margin: .25rem 0 .5rem; }
.item-text {
  white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .82rem;
  background: var(--panel); border: 1px solid var(--rule); border-radius: 4px; padding: .4rem .55rem; margin: .25rem 0 0;
  max-height: 12rem; overflow: auto;
}
bdi { unicode-bidi: isolate; }
p.rationale { margin: .3rem 0 0; font-size: .85rem; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 999px; padding: .05rem .55rem; font-size: .8rem; font-weight: 600; white-space: nowrap; }
.badge.pass { background: var(--good-bg); color: var(--good); }
.badge.fail { background: var(--bad-bg); color: var(--bad); }
.badge.warn { background: var(--warn-bg); color: var(--warn); }
.badge.info { background: #ddf4ff; color: #0a3069; }
.callout { border-left: 4px solid var(--accent); background: var(--panel); padding: .6rem .9rem; margin: .8rem 0; }
.callout.fail { border-color: var(--bad); background: var(--bad-bg); }
.callout.warn { border-color: #bf8700; background: var(--warn-bg); }
.callout.pass { border-color: var(--good); background: var(--good-bg); }
.figures { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure { margin: 0 0 1rem; max-width: 420px; }
figure.wide { max-width: 720px; }
figure.table { max-width: none; }
.figures figure { flex: 1 1 320px; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .25rem; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .grid { stroke: #e4e8ec; stroke-width: 1; }
svg .frame { fill: none; stroke: #8c959f; stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .axis-label { fill: var(--ink); font-size: 12.5px; }
svg .legend, svg .bar-label, svg .bar-value, svg .marker-label, svg .count { fill: var(--ink); font-size: 12px; }
svg .count { font-size: 10.5px; fill: var(--muted); }
svg .series { fill: none; stroke-width: 2.25; stroke-linejoin: round; }
svg .series.primary { stroke: var(--accent); }
svg .series.secondary { stroke: var(--accent-2); }
svg .series.reference { stroke: #8c959f; stroke-width: 1.25; stroke-dasharray: 5 4; }
svg .marker circle { fill: var(--accent-2); stroke: #fff; stroke-width: 1.5; }
svg .bin-point { fill: var(--accent); stroke: #fff; stroke-width: 1.5; }
svg .whisker line { stroke: var(--ink); stroke-width: 1.25; }
svg .hist rect { fill: #9ebfe3; }
svg .bar { fill: var(--accent); }
svg .muted { fill: var(--muted); }
table.confusion td.cell { text-align: right; min-width: 7rem; font-size: 1rem; }
table.confusion td.cell .share { display: block; font-size: .78rem; color: inherit; opacity: .85; }
.shade-0 { background: #ffffff; }
.shade-1 { background: #e6eef8; }
.shade-2 { background: #c8daf0; }
.shade-3 { background: #9ebfe3; }
.shade-4 { background: #5f95cf; color: #fff; }
.shade-5 { background: #1f5fa8; color: #fff; }
tr.row-certified td, tr.row-certified th { background: var(--good-bg); }
tr.row-stop td, tr.row-stop th { background: var(--bad-bg); }
details { margin: .3rem 0; }
summary { cursor: pointer; color: var(--accent); }
footer { color: var(--muted); font-size: .82rem; border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: .75rem; }
@media (max-width: 720px) { main { padding: 1rem; } header.page-head, nav.toc { padding-left: 1rem; padding-right: 1rem; } }
@media print {
  html { font-size: 11pt; }
  nav.toc { display: none; }
  header.page-head { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 0 .5rem; }
  header.page-head .subtitle, header.page-head .subtitle code { color: var(--ink); background: none; }
  main { max-width: none; padding: 0; }
  section { break-inside: auto; }
  h2, h3 { break-after: avoid; }
  figure, table.confusion, .card, tr { break-inside: avoid; }
  .item-text { max-height: none; overflow: visible; }
  .table-wrap { overflow: visible; }
  .shade-0, .shade-1, .shade-2, .shade-3, .shade-4, .shade-5, .badge, tr.row-certified td, tr.row-certified th, tr.row-stop td, tr.row-stop th, .callout { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
@page { margin: 14mm; }
`;
