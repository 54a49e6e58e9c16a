"""The comparison page: one self-contained HTML document (inline style and script, no network)."""
from __future__ import annotations

import html
from typing import Any

from .compare import DEPARTURE, KINDS, NO_VALUE, WHITESPACE, Cell, Column, Matrix, Value, _pct_text

CSS = """
:root { color-scheme: light; --line: #c8c8c8; --quiet: #55595e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 90rem; padding: 1rem; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif;
  color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4rem; line-height: 1.25; margin: 0 0 .3rem; } h2 { font-size: 1.15rem; margin: 1.6rem 0 .4rem; }
.quiet, .hint { color: var(--quiet); margin: .2rem 0; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem .6rem; list-style: none; padding: 0; margin: .3rem 0; }
.legend li { padding: .15rem .45rem; border: 1px solid var(--line); border-radius: .25rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); }
table { border-collapse: separate; border-spacing: 0; font-size: .88rem; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--line); border-right: 1px solid var(--line);
  text-align: left; vertical-align: top; }
thead th { background: #f1f3f4; border-bottom: 2px solid #1b1b1b; }
th:first-child { position: sticky; left: 0; z-index: 1; background: #fff; min-width: 8rem; max-width: 12rem; }
thead th:first-child { background: #f1f3f4; z-index: 2; }
td { min-width: 7.5rem; max-width: 15rem; }
#summary td:last-child { min-width: 18rem; max-width: 40rem; font-size: .8rem; }
td a { display: block; color: inherit; text-decoration: none; }
td a:hover, td a:focus { text-decoration: underline; }
.sym { font-weight: bold; display: inline-block; width: 1.1em; }
.chg { display: block; font-size: .8rem; margin-top: .15rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.k-kept { background: #e6f4ea; color: #14532d; } .k-modified { background: #fff3c4; color: #5c4300; }
.k-moved { background: #ede4fb; color: #3f2270; } .k-reworded { background: #fdf0d5; color: #6b3d00; }
.mapped { font-style: italic; } .k-dropped { background: #fde1df; color: #8a1c1c; }
.k-added { background: #dfeafd; color: #173a78; } .k-absent { background: #f6f6f6; color: #707070; }
.k-dropped .label { text-decoration: line-through; }
.dep { background: #fff3c4; font-weight: bold; } .mark { color: #8a1c1c; }
.model { background: #f6f6f6; }
th button { all: inherit; display: inline; cursor: pointer; padding: 0; border: 0; }
th button:focus-visible { outline: 2px solid #1a56db; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.order button { font: inherit; padding: .2rem .6rem; margin-right: .3rem; cursor: pointer; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  .scroll { overflow: visible; border: 0; }
  th:first-child { position: static; }
  .order, .hint { display: none; }
  th[aria-sort] button::after { content: ""; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; } tr { break-inside: avoid; } h2 { break-after: avoid; }
  @page { size: landscape; margin: 1cm; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var summary = document.getElementById("summary");
  var heads = Array.prototype.slice.call(summary.tHead.rows[0].cells);
  function key(row, i) { var c = row.cells[i]; return c.hasAttribute("data-value") ? c.getAttribute("data-value") : c.textContent; }
  function follow(slugs) {
    ["matrix", "parameters"].forEach(function (id) {
      Array.prototype.forEach.call(document.getElementById(id).rows, function (tr) {
        var cells = {};
        Array.prototype.forEach.call(tr.querySelectorAll("[data-slug]"), function (c) { cells[c.getAttribute("data-slug")] = c; });
        slugs.forEach(function (s) { if (cells[s]) { tr.appendChild(cells[s]); } });
      });
    });
  }
  function sortBy(i, dir) {
    var numeric = heads[i].getAttribute("data-type") === "number";
    var body = summary.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var r = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return dir * r || key(a, 0).localeCompare(key(b, 0));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    heads.forEach(function (h, j) { if (j === i) { h.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending"); } else { h.removeAttribute("aria-sort"); } });
    follow(rows.map(function (r) { return r.getAttribute("data-slug"); }));
  }
  heads.forEach(function (h, i) {
    h.querySelector("button").addEventListener("click", function () {
      sortBy(i, h.getAttribute("aria-sort") === "ascending" ? -1 : 1);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-order]"), function (b) {
    b.addEventListener("click", function () {
      var i = parseInt(b.getAttribute("data-order"), 10);
      sortBy(i, heads[i].getAttribute("data-type") === "number" ? -1 : 1);
    });
  });
})();
"""

SUMMARY_HEADS = (("Jurisdiction", "text"), ("Status", "text"), ("Introduced", "text"), ("Adopted", "text"),
                 ("Model text retained", "number"), ("Parameters changed", "number"), ("Changed values", "text"))


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _summary_row(c: Column) -> str:
    changed = str(len(c.changes)) if c.has_values else ""
    lines = [*c.changes, *c.notes] or [NO_VALUE]
    cells = [
        f'<th scope="row" data-value="{_esc(c.name)}"><a href="{_esc(c.link)}">{_esc(c.name)}</a>'
        + (f' <a class="source" href="{_esc(c.source)}">its YAML file</a>' if c.source else "") + "</th>",
        f"<td>{_esc(c.status)}</td>",
        f'<td data-value="{_esc(c.introduced or "")}">{_esc(c.introduced or NO_VALUE)}</td>',
        f'<td data-value="{_esc(c.adopted or "")}">{_esc(c.adopted or NO_VALUE)}</td>',
        f'<td class="num" data-value="{"" if c.retained is None else c.retained}">{_pct_text(c.retained)}</td>',
        f'<td class="num" data-value="{changed}">{changed or NO_VALUE}</td>',
        "<td>" + " · ".join(_esc(line) for line in lines) + "</td>",
    ]
    return f'<tr data-slug="{_esc(c.slug)}">' + "".join(cells) + "</tr>"


def _matrix_cell(c: Cell, slug: str) -> str:
    symbol = KINDS[c.kind][0]
    inner = f'<span class="sym" aria-hidden="true">{symbol}</span><span class="label">{_esc(c.text)}</span>'
    inner += "".join(f'<span class="chg">{_esc(change)}</span>' for change in c.changes)
    body = f'<a href="{_esc(c.href)}">{inner}</a>' if c.href else inner
    mapped = " mapped" if c.mapped else ""
    return f'<td data-slug="{_esc(slug)}" class="k-{c.kind}{mapped}">{body}</td>'


def _param_cell(v: Value, slug: str) -> str:
    if not v.departure:
        return f'<td data-slug="{_esc(slug)}">{_esc(v.text)}</td>'
    return (f'<td data-slug="{_esc(slug)}" class="dep" title="{_esc(v.change)}">'
            f'<span class="mark" aria-label="differs from the model">{DEPARTURE}</span> {_esc(v.text)}</td>')


def matrix_html(matrix: Matrix, *, title: str) -> str:
    """One self-contained page (inline style and script, no network): summary, matrix, parameters."""
    cols = matrix.columns
    legend = "".join(f'<li class="k-{k}"><span class="sym" aria-hidden="true">{s}</span>{_esc(text)}</li>'
                     for k, (s, text) in KINDS.items())
    legend += (f'<li class="dep"><span class="mark">{DEPARTURE}</span> a parameter value that differs from the '
               "model's</li>")
    heads = "".join(f'<th scope="col" data-type="{t}"><button type="button">{_esc(h)}</button></th>'
                    for h, t in SUMMARY_HEADS)
    summary = "".join(_summary_row(c) for c in cols)
    col_heads = "".join(f'<th scope="col" data-slug="{_esc(c.slug)}"><a href="{_esc(c.link)}">{_esc(c.name)}</a>'
                        f'<span class="chg">{_pct_text(c.retained)} retained</span></th>' for c in cols)
    rows = "".join(f'<tr id="row-{_esc(WHITESPACE.sub("_", r.key))}"><th scope="row">{_esc(r.label)}'
                   f'{" <em>(added)</em>" if r.added else ""}</th>'
                   + "".join(_matrix_cell(c, col.slug) for c, col in zip(r.cells, cols)) + "</tr>"
                   for r in matrix.rows)
    param_heads = "".join(f'<th scope="col" data-slug="{_esc(c.slug)}">{_esc(c.name)}</th>' for c in cols)
    params = "".join(f'<tr><th scope="row">{_esc(p.label)}</th><td class="model">{_esc(p.model)}</td>'
                     + "".join(_param_cell(v, col.slug) for v, col in zip(p.values, cols)) + "</tr>"
                     for p in matrix.parameters)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{_esc(title)}</h1>
<p class="quiet">{_esc(matrix.model)}, version {_esc(matrix.version)}: {len(cols)} text(s) compared with the
model. Each jurisdiction's names and section numbers are left out of the comparison; what remains is the
model's substantive text.</p>
</header>
<section aria-labelledby="legend-heading"><h2 id="legend-heading">Legend</h2><ul class="legend">{legend}</ul></section>
<section aria-labelledby="summary-heading"><h2 id="summary-heading">Jurisdictions</h2>
<p class="hint">Click a column heading to sort; the tables below follow the same order.</p>
<div class="scroll"><table id="summary"><thead><tr>{heads}</tr></thead><tbody>{summary}</tbody></table></div>
</section>
<section aria-labelledby="matrix-heading"><h2 id="matrix-heading">Provisions</h2>
<p class="order">Order columns: <button type="button" data-order="0">by name</button><button type="button"
data-order="4">by model text retained</button></p>
<p class="hint">Each cell opens that jurisdiction's redline at that provision.</p>
<div class="scroll"><table id="matrix"><thead><tr><th scope="col">Provision</th>{col_heads}</tr></thead>
<tbody>{rows}</tbody></table></div>
</section>
<section aria-labelledby="parameters-heading"><h2 id="parameters-heading">Parameters</h2>
<div class="scroll"><table id="parameters"><thead><tr><th scope="col">Parameter</th><th scope="col">Model</th>
{param_heads}</tr></thead><tbody>{params}</tbody></table></div>
</section>
<script>{SCRIPT}</script>
</body>
</html>
"""


# --- from paths to files -------------------------------------------------------------------------------
