"""The report's stylesheet: one embedded block for screen and print (A4, compact type and tables, each
appendix on a new page), so the HTML file stays self-contained."""

CSS = """
:root { --ink:#1d2330; --muted:#5b6474; --line:#d9dde4; --soft:#f4f6f9; --accent:#0b5394;
        --ok:#1e7b3c; --bad:#b3261e; --warn:#9a5b00; --warnbg:#fff4e0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 15px/1.5 "Source Sans 3", "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 30px; line-height: 1.2; margin: 2px 0 8px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; }
p { margin: 6px 0; }
ul, ol { margin: 6px 0; padding-left: 22px; }
code { font-family: "SFMono-Regular", Consolas, monospace; font-size: 13px; background: var(--soft); padding: 0 3px; }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 12px; color: var(--accent); margin: 0;
          font-weight: 700; }
.byline { font-size: 13.5px; color: var(--muted); margin: 0 0 4px; }
.lede { font-size: 16px; color: #333; max-width: 60em; }
.cover { border-bottom: 1px solid var(--line); padding-bottom: 14px; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 14px; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; min-width: 110px; background: var(--soft); }
.figure b { display: block; font-size: 22px; line-height: 1.1; }
.figure span { font-size: 12px; color: var(--muted); }
.figure.alert { background: var(--warnbg); border-color: #e8b86b; }
.banner { margin: 16px 0; padding: 12px 16px; border: 3px solid var(--bad); background: #fdecea; color: #5f1410;
          font-weight: 600; border-radius: 6px; }
.banner.warn { border-color: #e8b86b; background: var(--warnbg); color: #5a3a00; font-weight: 400; border-width: 1px; }
nav.toc { margin: 14px 0 0; font-size: 13px; color: var(--muted); }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 12px; white-space: nowrap; }
.summary-grid { display: grid; grid-template-columns: 1.25fr 1fr; gap: 0 26px; align-items: start; }
dl.facts { display: grid; grid-template-columns: 104px 1fr; gap: 2px 12px; margin: 0; font-size: 14px; }
table.teams { margin-top: 0; font-size: 13.5px; }
table.teams .code, .move .code { font-weight: 700; background: var(--ink); color: #fff; border-radius: 3px;
  padding: 0 5px; font-size: 12px; margin-right: 4px; }
.facts .met { font-weight: 400; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
dl.facts dd ul { list-style: none; padding: 0; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.lo { border-left: 4px solid var(--accent); padding: 2px 0 2px 14px; margin: 16px 0; }
.lo h3 { margin-top: 4px; }
.turn { margin-top: 26px; }
.turn > h3 { font-size: 19px; background: var(--ink); color: #fff; padding: 6px 12px; border-radius: 4px; }
.turn > h3 .date { font-weight: 400; opacity: .85; margin-left: 8px; }
.inject { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 10px 0; }
.inject h4 { margin: 4px 0; font-size: 16px; }
.inject .meta { font-size: 12.5px; color: var(--muted); }
.move { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px 8px; margin: 8px 0;
        display: grid; grid-template-columns: 1.2fr 1fr; gap: 2px 20px; break-inside: avoid; }
.move > .head { grid-column: 1 / -1; display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; }
.move .code { font-weight: 700; background: var(--ink); color: #fff; border-radius: 3px; padding: 0 6px; font-size: 13px; }
.move .choice { font-weight: 700; font-size: 15.5px; }
.move .stance { font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; }
.move.override { border: 2px solid var(--warn); background: #fffaf2; }
.move.override .adj { background: #fdf0da; }
.k { display: block; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-top: 4px; }
.k + p { margin-top: 0; }
.rationale { font-style: italic; }
table.odds { font-size: 13px; margin: 2px 0; }
table.odds td { padding: 2px 6px; border: none; }
table.odds tr.total td { border-top: 1px solid var(--ink); font-weight: 700; }
.badge { display: inline-block; white-space: nowrap; border-radius: 3px; padding: 0 7px; font-weight: 700; font-size: 13px; color: #fff; }
.badge.good { background: var(--ok); }
.badge.bad { background: var(--bad); }
.tag { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 11.5px; font-weight: 700;
       letter-spacing: .05em; text-transform: uppercase; }
.tag.override { background: var(--warn); color: #fff; }
.tag.control { background: #e4e7ec; color: var(--ink); }
.tag.unverified { background: var(--bad); color: #fff; }
.reason { border-left: 3px solid var(--warn); padding: 3px 10px; background: var(--warnbg); margin: 6px 0; }
.adj { background: var(--soft); border-radius: 4px; padding: 4px 10px 6px; font-size: 13.5px; align-self: start; }
.adj p { margin: 3px 0; }
.roll { color: #333; }
.narr { font-size: 14px; color: #333; border-top: 1px dotted var(--line); margin-top: 6px; padding-top: 2px; }
h5.on { font-size: 13px; margin: 14px 0 4px; color: var(--muted); font-weight: 600; }
.after { border-left: 3px solid var(--line); padding-left: 12px; margin: 8px 0; }
sup.cite a { color: var(--accent); text-decoration: none; font-size: 11px; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 14px 20px; }
figure { margin: 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
figcaption { font-size: 13px; margin: 2px 0 4px; }
figcaption b { font-size: 14.5px; }
.met { color: var(--ok); font-weight: 700; }
.unmet { color: var(--bad); font-weight: 700; }
.note { margin: 6px 0; padding: 6px 12px; background: var(--soft); border-radius: 4px; }
.blank { color: #bbb; }
ol.sources li { margin: 5px 0; font-size: 14px; }
ul.papers li { margin: 4px 0; font-size: 14px; }
ol.sources .claim { color: #333; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
@media screen and (max-width: 700px) { .move, .charts, .summary-grid { grid-template-columns: 1fr; } dl.facts { grid-template-columns: 1fr; } }
.rating { display: inline-block; border-radius: 3px; padding: 0 8px; font-size: 12.5px; font-weight: 700; color: #fff;
          margin-left: 6px; vertical-align: 2px; }
.rating.P { background: var(--ok); } .rating.S { background: #466b1e; } .rating.M { background: var(--warn); }
.rating.U { background: var(--bad); } .rating.none { background: var(--muted); }
.lo ul { margin: 2px 0 4px; }
.lo .k { margin-top: 2px; }
.exec p { margin: 4px 0; }
table.moves td, table.moves th { padding: 3px 6px; font-size: 13px; }
table.moves .why { font-style: italic; color: #333; font-size: 12.5px; }
table.moves .reasoned { color: #5a3a00; font-size: 12.5px; }
table.plan td { height: 2.2em; }
.appendix { break-before: page; }
.inject-brief { font-size: 13px; color: #333; }
.inject-brief p, .inject-brief blockquote { margin: 2px 0; }
.inject-brief blockquote { border-left: 3px solid var(--line); padding-left: 8px; color: var(--muted); }
@page { size: A4; margin: 12mm 12mm 14mm; }
@media print {
  body { font-size: 9pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h1 { font-size: 19pt; }
  .lede { font-size: 9.5pt; }
  h2 { font-size: 13pt; margin: 14px 0 6px; break-after: avoid; }
  h3, h4 { font-size: 10.5pt; margin: 8px 0 4px; break-after: avoid; }
  .figures { margin-top: 6px; } .figure { padding: 2px 10px; } .figure b { font-size: 14pt; }
  table { font-size: 8.5pt; margin: 4px 0; } th, td { padding: 2px 5px; }
  table.moves td, table.moves th { font-size: 8pt; padding: 2px 4px; }
  table.moves .why, table.moves .reasoned, .inject-brief, .small { font-size: 7.5pt; }
  dl.facts { font-size: 8.5pt; }
  .lo { margin: 8px 0; }
  .turn > h3 { font-size: 10.5pt; padding: 2px 8px; }
  .charts { grid-template-columns: 1fr 1fr 1fr; gap: 6px 10px; }
  figcaption, figcaption b { font-size: 8pt; }
  ol.sources li, ul.papers li { font-size: 7.5pt; margin: 1px 0; }
  figure, tr, li, .exec { break-inside: avoid; }
  a { color: inherit; }
}
"""
