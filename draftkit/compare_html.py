"""The comparison page: one self-contained HTML file (inline style, script and data; no network) that stays
quick with thousands of jurisdictions. The data of every column is written into the page as JSON, one
column at a time; the script shows one page of jurisdictions at a time (filtered by name, status and
departure, sorted by any heading of the summary) in the three tables."""
from __future__ import annotations

import html
import json
from itertools import islice
from typing import IO, Any

from .compare_cells import ABSENT, DEPARTURE, KINDS, NO_VALUE, WHITESPACE, Cell, Column, ColumnData, Value, pct_text

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
.k-added { background: #dfeafd; color: #173a78; } .k-folded { background: #efe7fb; color: #45226e; } .k-absent { background: #f6f6f6; color: #707070; }
.k-dropped .label { text-decoration: line-through; }
.dep { background: #fff3c4; font-weight: bold; } .mark { color: #8a1c1c; }
.model { background: #f6f6f6; }
th button { all: inherit; display: inline; cursor: pointer; padding: 0; border: 0; }
th button:focus-visible { outline: 2px solid #1a56db; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.order button, .pager button { font: inherit; padding: .2rem .6rem; margin-right: .3rem; cursor: pointer; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0; }
.controls label { display: flex; flex-direction: column; font-size: .85rem; color: var(--quiet); }
.controls input, .controls select { font: inherit; padding: .2rem .3rem; min-width: 10rem; max-width: 100%; }
.pager { margin: .5rem 0; } #shown { font-weight: bold; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  .scroll { overflow: visible; border: 0; }
  th:first-child { position: static; }
  .order, .hint, .controls, .pager { display: none; }
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
  var sheet = JSON.parse(document.getElementById("sheet-data").textContent);
  var cols = sheet.columns, kinds = sheet.kinds, collator = new Intl.Collator(undefined, {numeric: true});
  var summary = document.getElementById("summary");
  var heads = Array.prototype.slice.call(summary.tHead.rows[0].cells);
  var state = {order: cols.map(function (c, i) { return i; }), shown: [], page: 0, size: 50, sort: -1, dir: 1};
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function link(href, text) { var a = el("a", {href: href}, text); return a; }
  // a column: [slug, name, status, introduced, adopted, link, retained, changed, changes, notes, source, cells, values]
  function sortValue(c, i) {
    return [c[1], c[2], c[3] || "", c[4] || "", c[6], c[7], (c[8].concat(c[9])).join(" · ")][i];
  }
  function departs(c, filter) {
    if (filter === "") { return true; }
    if (filter === "any") { return c[7] > 0; }
    if (filter === "none") { return c[7] === 0; }
    var v = c[12][parseInt(filter, 10)];
    return !!(v && v[1]);
  }
  function apply() {
    var name = $("filter-name").value.trim().toLowerCase(), status = $("filter-status").value;
    var departure = $("filter-departure").value;
    state.shown = state.order.filter(function (i) {
      var c = cols[i];
      return (!name || c[1].toLowerCase().indexOf(name) >= 0) && (!status || c[2] === status) && departs(c, departure);
    });
    state.page = Math.min(state.page, Math.max(0, Math.ceil(state.shown.length / state.size) - 1));
    summary.setAttribute("data-filter", $("filter-name").value);  // the name the table shows, for tests
    draw();
  }
  function sortBy(i, dir) {
    var numeric = heads[i].getAttribute("data-type") === "number";
    var keys = cols.map(function (c) { return sortValue(c, i); });
    state.order = cols.map(function (c, j) { return j; });
    state.order.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      var blankX = x === null || x === "", blankY = y === null || y === "";
      if (blankX || blankY) { return (blankX - blankY) || collator.compare(cols[a][1], cols[b][1]); }
      var r = numeric ? x - y : collator.compare(x, y);
      return dir * r || collator.compare(cols[a][1], cols[b][1]);
    });
    heads.forEach(function (h, j) { if (j === i) { h.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending"); } else { h.removeAttribute("aria-sort"); } });
    state.page = 0;
    apply();
  }
  function summaryRow(c) {
    var tr = el("tr", {"data-slug": c[0]});
    var th = el("th", {scope: "row"});
    th.appendChild(link(c[5], c[1]));
    if (c[10]) { th.appendChild(document.createTextNode(" ")); th.appendChild(el("a", {"class": "source", href: c[10]}, "its YAML file")); }
    tr.appendChild(th);
    tr.appendChild(el("td", {}, c[2]));
    tr.appendChild(el("td", {}, c[3] || sheet.none));
    tr.appendChild(el("td", {}, c[4] || sheet.none));
    tr.appendChild(el("td", {"class": "num"}, c[6] === null ? sheet.none : c[6] + "%"));
    tr.appendChild(el("td", {"class": "num"}, c[7] === null ? sheet.none : String(c[7])));
    var lines = c[8].concat(c[9]);
    tr.appendChild(el("td", {}, lines.length ? lines.join(" · ") : sheet.none));
    return tr;
  }
  function matrixCell(c, key) {
    var cell = c[11][key], kind = cell ? cell[0] : "absent";
    var td = el("td", {"data-slug": c[0], "class": "k-" + kind + (cell && cell[4] ? " mapped" : "")});
    var box = cell && cell[1] ? el("a", {href: cell[1].charAt(0) === "#" ? c[5] + cell[1] : cell[1]}) : td;
    box.appendChild(el("span", {"class": "sym", "aria-hidden": "true"}, kinds[kind]));
    box.appendChild(el("span", {"class": "label"}, cell ? cell[2] : sheet.none));
    (cell ? cell[3] : []).forEach(function (t) { box.appendChild(el("span", {"class": "chg"}, t)); });
    if (box !== td) { td.appendChild(box); }
    return td;
  }
  function valueCell(c, p) {
    var v = c[12][p];
    if (!v[1]) { return el("td", {"data-slug": c[0]}, v[0]); }
    var td = el("td", {"data-slug": c[0], "class": "dep", title: v[2]});
    td.appendChild(el("span", {"class": "mark", "aria-label": "differs from the model"}, sheet.departure));
    td.appendChild(document.createTextNode(" " + v[0]));
    return td;
  }
  function fill(table, page, headCells, rows) {
    var head = table.tHead.rows[0];
    while (head.cells.length > headCells) { head.deleteCell(-1); }
    page.forEach(function (c) {
      var th = el("th", {scope: "col", "data-slug": c[0]});
      if (table.id === "matrix") {
        th.appendChild(link(c[5], c[1]));
        th.appendChild(el("span", {"class": "chg"}, (c[6] === null ? sheet.none : c[6] + "%") + " retained"));
      } else { th.textContent = c[1]; }
      head.appendChild(th);
    });
    var body = document.createElement("tbody");
    rows.forEach(function (row) { body.appendChild(row(page)); });
    table.replaceChild(body, table.tBodies[0]);
  }
  function draw() {
    var first = state.page * state.size, ids = state.shown.slice(first, first + state.size);
    var page = ids.map(function (i) { return cols[i]; });
    var body = document.createElement("tbody");
    page.forEach(function (c) { body.appendChild(summaryRow(c)); });
    summary.replaceChild(body, summary.tBodies[0]);
    fill($("matrix"), page, 1, sheet.rows.map(function (r) {
      return function (pg) {
        var tr = el("tr", {id: "row-" + r[0].replace(/\\s/g, "_")}), th = el("th", {scope: "row"}, r[1]);
        if (r[2]) { th.appendChild(document.createTextNode(" ")); th.appendChild(el("em", {}, "(added)")); }
        tr.appendChild(th);
        pg.forEach(function (c) { tr.appendChild(matrixCell(c, r[0])); });
        return tr;
      };
    }));
    fill($("parameters"), page, 2, sheet.parameters.map(function (p, j) {
      return function (pg) {
        var tr = el("tr");
        tr.appendChild(el("th", {scope: "row"}, p[1]));
        tr.appendChild(el("td", {"class": "model"}, p[2]));
        pg.forEach(function (c) { tr.appendChild(valueCell(c, j)); });
        return tr;
      };
    }));
    var last = Math.max(1, Math.ceil(state.shown.length / state.size));
    $("shown").textContent = state.shown.length ? (first + 1) + "–" + (first + page.length) + " of " +
      state.shown.length + (state.shown.length < cols.length ? " (of " + cols.length + ")" : "") : "none of " + cols.length;
    $("page-number").textContent = "page " + (state.page + 1) + " of " + last;
    $("previous").disabled = state.page === 0;
    $("next").disabled = state.page + 1 >= last;
  }
  var statuses = {};
  cols.forEach(function (c) { statuses[c[2]] = true; });
  Object.keys(statuses).sort(collator.compare).forEach(function (s) { $("filter-status").appendChild(el("option", {value: s}, s)); });
  sheet.parameters.forEach(function (p, j) { $("filter-departure").appendChild(el("option", {value: String(j)}, "departs on " + p[1])); });
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
  var typing = null;  // the name box waits for a pause in typing, so a word is one redraw, not one per letter
  $("filter-name").addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.page = 0; apply(); }, 120);
  });
  ["filter-status", "filter-departure"].forEach(function (id) {
    $(id).addEventListener("change", function () { state.page = 0; apply(); });
  });
  $("page-size").addEventListener("change", function () { state.size = parseInt($("page-size").value, 10); state.page = 0; apply(); });
  $("previous").addEventListener("click", function () { state.page -= 1; draw(); });
  $("next").addEventListener("click", function () { state.page += 1; draw(); });
  document.body.setAttribute("data-ready", "true");
  apply();
})();
"""

SUMMARY_HEADS = (("Jurisdiction", "text"), ("Status", "text"), ("Introduced", "text"), ("Adopted", "text"),
                 ("Model text retained", "number"), ("Parameters changed", "number"), ("Changed values", "text"))
KIND_NAMES = tuple(KINDS)
PAGE_SIZES = (25, 50, 100, 250)
FIRST_PAGE = 50  # jurisdictions per page until the reader chooses


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _json(value: Any) -> str:
    """JSON safe inside a <script> element: no "<" can close it or open a comment."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _local(href: str | None, link: str) -> str | None:
    """A cell's link written short: "#prov-..." when it points into its column's redline (most do)."""
    return href[len(link):] if href and href.startswith(link + "#") else href


def column_record(d: ColumnData) -> list:
    """One jurisdiction as the page's script reads it (a list, to keep thousands of them small)."""
    c = d.column
    cells = {k: [cell.kind, _local(cell.href, c.link), cell.text, list(cell.changes), cell.mapped]
             for k, cell in d.cells.items()}
    return [c.slug, c.name, c.status, c.introduced, c.adopted, c.link, c.retained,
            len(c.changes) if c.has_values else None, list(c.changes), list(c.notes), c.source, cells,
            [[v.text, v.departure, v.change] for v in d.values]]


def _summary_row(c: Column) -> str:
    changed = str(len(c.changes)) if c.has_values else ""
    lines = [*c.changes, *c.notes] or [NO_VALUE]
    cells = [
        f'<th scope="row"><a href="{_esc(c.link)}">{_esc(c.name)}</a>'
        + (f' <a class="source" href="{_esc(c.source)}">its YAML file</a>' if c.source else "") + "</th>",
        f"<td>{_esc(c.status)}</td>", f"<td>{_esc(c.introduced or NO_VALUE)}</td>",
        f"<td>{_esc(c.adopted or NO_VALUE)}</td>", f'<td class="num">{pct_text(c.retained)}</td>',
        f'<td class="num">{changed or NO_VALUE}</td>', "<td>" + " · ".join(_esc(line) for line in lines) + "</td>",
    ]
    return f'<tr data-slug="{_esc(c.slug)}">' + "".join(cells) + "</tr>"


def _matrix_cell(c: Cell, slug: str) -> str:
    inner = f'<span class="sym" aria-hidden="true">{KINDS[c.kind][0]}</span><span class="label">{_esc(c.text)}</span>'
    inner += "".join(f'<span class="chg">{_esc(change)}</span>' for change in c.changes)
    body = f'<a href="{_esc(c.href)}">{inner}</a>' if c.href else inner
    return f'<td data-slug="{_esc(slug)}" class="k-{c.kind}{" mapped" if c.mapped else ""}">{body}</td>'


def _param_cell(v: Value, slug: str) -> str:
    if not v.departure:
        return f'<td data-slug="{_esc(slug)}">{_esc(v.text)}</td>'
    return (f'<td data-slug="{_esc(slug)}" class="dep" title="{_esc(v.change)}">'
            f'<span class="mark" aria-label="differs from the model">{DEPARTURE}</span> {_esc(v.text)}</td>')


def _first_page(sheet, page: list[ColumnData]) -> dict[str, str]:
    """The tables' first page in HTML, for a reader without JavaScript (the script draws its own)."""
    cols = [d.column for d in page]
    return {
        "summary": "".join(_summary_row(c) for c in cols),
        "matrix_heads": "".join(f'<th scope="col" data-slug="{_esc(c.slug)}"><a href="{_esc(c.link)}">{_esc(c.name)}'
                                f'</a><span class="chg">{pct_text(c.retained)} retained</span></th>' for c in cols),
        "matrix": "".join(f'<tr id="row-{_esc(WHITESPACE.sub("_", r.key))}"><th scope="row">{_esc(r.label)}'
                          f'{" <em>(added)</em>" if r.added else ""}</th>'
                          + "".join(_matrix_cell(d.cells.get(r.key, ABSENT), d.column.slug) for d in page) + "</tr>"
                          for r in sheet.heads),
        "parameter_heads": "".join(f'<th scope="col" data-slug="{_esc(c.slug)}">{_esc(c.name)}</th>' for c in cols),
        "parameters": "".join(f'<tr><th scope="row">{_esc(p.label)}</th><td class="model">{_esc(p.model)}</td>'
                              + "".join(_param_cell(d.values[i], d.column.slug) for d in page) + "</tr>"
                              for i, p in enumerate(sheet.parameter_heads)),
    }


def _page_head(sheet, title: str, first: dict[str, str]) -> str:
    legend = "".join(f'<li class="k-{k}"><span class="sym" aria-hidden="true">{s}</span>{_esc(text)}</li>'
                     for k, (s, text) in KINDS.items())
    legend += (f'<li class="dep"><span class="mark">{DEPARTURE}</span> a parameter value that differs from the '
               "model's</li>")
    heads = "".join(f'<th scope="col" data-type="{t}"><button type="button">{_esc(h)}</button></th>'
                    for h, t in SUMMARY_HEADS)
    sizes = "".join(f'<option{" selected" if n == FIRST_PAGE else ""}>{n}</option>' for n in PAGE_SIZES)
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
<p class="quiet">{_esc(sheet.model)}, version {_esc(sheet.version)}: {len(sheet):,} text(s) compared with the
model. Each jurisdiction's names and section numbers are left out of the comparison; what remains is the
model's substantive text. The CSV and JSON files beside this page hold every jurisdiction.</p>
<noscript><p>This page needs JavaScript to show its tables; the CSV and JSON files beside it hold the same
comparison.</p></noscript>
</header>
<section aria-labelledby="legend-heading"><h2 id="legend-heading">Legend</h2><ul class="legend">{legend}</ul></section>
<section aria-labelledby="summary-heading"><h2 id="summary-heading">Jurisdictions</h2>
<div class="controls" role="search">
<label>Name contains <input type="search" id="filter-name" autocomplete="off"></label>
<label>Status <select id="filter-status"><option value="">any status</option></select></label>
<label>Departures <select id="filter-departure"><option value="">any</option><option value="any">departs on some
parameter</option><option value="none">follows the model on every parameter</option></select></label>
<label>Per page <select id="page-size">{sizes}</select></label>
</div>
<p class="pager" aria-live="polite">Jurisdictions <span id="shown"></span>, <span id="page-number"></span>
<button type="button" id="previous">previous</button><button type="button" id="next">next</button></p>
<p class="hint">Click a column heading to sort; the tables below show the same jurisdictions in the same order.</p>
<div class="scroll"><table id="summary"><thead><tr>{heads}</tr></thead><tbody>{first["summary"]}</tbody></table></div>
</section>
<section aria-labelledby="matrix-heading"><h2 id="matrix-heading">Provisions</h2>
<p class="order">Order columns: <button type="button" data-order="0">by name</button><button type="button"
data-order="4">by model text retained</button></p>
<p class="hint">Each cell opens that jurisdiction's redline at that provision.</p>
<div class="scroll"><table id="matrix"><thead><tr><th scope="col">Provision</th>{first["matrix_heads"]}</tr></thead>
<tbody>{first["matrix"]}</tbody></table></div>
</section>
<section aria-labelledby="parameters-heading"><h2 id="parameters-heading">Parameters</h2>
<div class="scroll"><table id="parameters"><thead><tr><th scope="col">Parameter</th><th scope="col">Model</th>
{first["parameter_heads"]}</tr></thead><tbody>{first["parameters"]}</tbody></table></div>
</section>
"""


def write_html(sheet, out: IO[str], *, title: str) -> None:
    """The page, its data written one jurisdiction at a time."""
    out.write(_page_head(sheet, title, _first_page(sheet, list(islice(sheet.data(), FIRST_PAGE)))))
    settings = {"kinds": {k: s for k, (s, _) in KINDS.items()}, "none": NO_VALUE, "departure": DEPARTURE,
                "rows": [[r.key, r.label, r.added] for r in sheet.heads],
                "parameters": [[p.key, p.label, p.model] for p in sheet.parameter_heads]}
    out.write('<script type="application/json" id="sheet-data">' + _json(settings)[:-1] + ',"columns":[')
    for i, d in enumerate(sheet.data()):
        out.write(("," if i else "") + "\n" + _json(column_record(d)))
    out.write(f"]}}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")


def matrix_html(sheet, *, title: str) -> str:
    """The page as one string (for a sheet held in memory)."""
    import io

    out = io.StringIO()
    write_html(sheet, out, title=title)
    return out.getvalue()
