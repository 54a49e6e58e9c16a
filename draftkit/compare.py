"""Compare jurisdictions with the model, provision by provision and parameter by parameter.

Pure data first: each jurisdiction (or adopted DOCX) becomes an Entry, the entries become a Matrix;
the JSON, CSV and HTML writers are sinks of the same Matrix.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from .build import render_ordinance
from .changes import Comparison, SectionChange
from .diff import compare as diff_sections
from .document import DocumentText
from .docx_io import write_atomic
from .errors import DraftError
from .jurisdiction import Jurisdiction, load_canonical, load_jurisdiction, with_identity_of
from .model import Model, Parameter, get

CellKind = Literal["kept", "modified", "moved", "dropped", "added", "absent"]
KINDS: dict[str, tuple[str, str]] = {  # kind -> (symbol, what it means); symbols keep it readable in grey
    "kept": ("✓", "kept: reads as in the model"),
    "modified": ("◐", "modified: the share of the model's words kept, and the values that changed"),
    "moved": ("↕", "moved to another place in the text"),
    "dropped": ("✕", "dropped: not in this text"),
    "added": ("+", "added: a section the model does not have"),
    "absent": ("·", "not in this text"),
}
SECTION_KIND: dict[str, CellKind] = {"unchanged": "kept", "modified": "modified", "moved": "moved",
                                     "dropped": "dropped", "added": "added"}
DEPARTURE = "≠"
NO_VALUE = "—"
ARROW = "→"
DOCX_STATUS = "adopted text (DOCX)"
INPUT_SUFFIXES = (".yaml", ".yml", ".docx")
WHITESPACE = re.compile(r"\s")  # redline anchors write whitespace in keys as "_"


# --- entries: one compared jurisdiction each -----------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One jurisdiction compared with the model: who, where it stands, its change list and values."""

    slug: str
    name: str
    status: str
    introduced: date | None
    adopted: date | None
    comparison: Comparison
    values: dict | None  # the jurisdiction's data; None for an adopted text read from a DOCX
    link: str  # relative href of its redline, e.g. "oakland/redline.html"
    effects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # parameter path -> section keys
    notes: tuple[str, ...] = ()


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _with(data: dict, path: tuple[str, ...], value: Any) -> dict:
    head, *rest = path
    return {**data, head: _with(data.get(head) or {}, tuple(rest), value) if rest else value}


def parameter_effects(j: Jurisdiction, model: Model, canonical: Jurisdiction,
                      draft: DocumentText) -> dict[str, tuple[str, ...]]:
    """For each parameter that departs from the model: the sections that would read differently with the
    model's value (found by rendering the draft with only that value put back, so nothing is hard-coded)."""
    effects = {}
    for p in model.parameters:
        if get(j.data, p.path) != get(canonical.data, p.path):
            reverted = replace(j, data=_with(j.data, p.path, get(canonical.data, p.path)))
            changed = diff_sections(render_ordinance(reverted, model).text, draft).changed
            effects[".".join(p.path)] = tuple(s.key for s in changed)
    return effects


def entry_for(j: Jurisdiction, model: Model, canonical: Jurisdiction) -> Entry:
    """Render a jurisdiction's draft and its baseline (the model with its identity) and compare them."""
    draft = render_ordinance(j, model).text
    baseline = render_ordinance(with_identity_of(canonical, j, model), model).text
    status, introduced, adopted = (get(j.data, model.role("adoption", r)) for r in ("status", "introduced", "adopted"))
    return Entry(j.slug, str(get(j.data, model.role("display", "name")) or j.slug), str(status), _day(introduced),
                 _day(adopted), diff_sections(baseline, draft), j.data, f"{quote(j.slug)}/redline.html",
                 parameter_effects(j, model, canonical, draft))


def docx_entry(path: Path, model: Model, canonical: Jurisdiction) -> Entry:
    """An adopted text read from a DOCX and aligned to the model; it has no parameter values."""
    from .packet import docx_comparison

    name, comparison, notes = docx_comparison(path, model, canonical)
    return Entry(path.stem, name, DOCX_STATUS, None, None, comparison, None, f"{quote(path.stem)}/redline.html",
                 notes=tuple(notes))


# --- the matrix: plain data for every writer -----------------------------------------------------------


def _percent(retained: int, total: int, places: int = 0) -> float | None:
    """Share retained, rounded down so that anything short of all never reads 100%."""
    if total <= 0:
        return None
    scale = 10 ** places
    return (100 * scale * retained // total) / scale


def _pct_text(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:g}%"


@dataclass(frozen=True)
class Cell:
    """One provision in one jurisdiction."""

    kind: CellKind
    href: str | None
    model_words: int = 0
    retained_words: int = 0
    changes: tuple[str, ...] = ()  # parameter changes that touch this provision, in words

    @property
    def retained(self) -> float | None:
        return _percent(self.retained_words, self.model_words)

    @property
    def text(self) -> str:
        """The cell in words: "kept", "modified, 97% retained", "dropped", ..."""
        if self.kind == "absent":
            return NO_VALUE
        share = f", {_pct_text(self.retained)} retained" if self.kind in ("modified", "moved") else ""
        return self.kind + share


@dataclass(frozen=True)
class Row:
    """A provision of the model (key = its id) or a section no model has (key = "added:<title>")."""

    key: str
    label: str
    added: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    """One jurisdiction: status, dates and how much of the model's text it keeps."""

    slug: str
    name: str
    status: str
    introduced: str | None
    adopted: str | None
    link: str
    model_words: int
    retained_words: int
    changes: tuple[str, ...]  # every parameter that departs from the model, in words
    has_values: bool
    notes: tuple[str, ...] = ()

    @property
    def retained(self) -> float | None:
        return _percent(self.retained_words, self.model_words, 1)


@dataclass(frozen=True)
class Value:
    """One jurisdiction's value of a parameter, and whether (and how) it departs from the model."""

    text: str
    departure: bool = False
    change: str | None = None  # "ICE → ICE, CBP, ORR"


@dataclass(frozen=True)
class ParameterRow:
    key: str  # dotted field path
    label: str  # from the schema's meta.label
    model: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Matrix:
    """The whole comparison: jurisdictions, provisions by jurisdiction, parameters by jurisdiction."""

    model: str
    version: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    parameters: tuple[ParameterRow, ...]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, slug: str) -> Column:
        return next(c for c in self.columns if c.slug == slug)

    def cell(self, key: str, slug: str) -> Cell:
        return self.row(key).cells[[c.slug for c in self.columns].index(slug)]

    def parameter(self, label: str) -> ParameterRow:
        return next(p for p in self.parameters if p.label == label or p.key == label)


def _rule(schema: dict, path: tuple[str, ...]) -> dict:
    rule: dict = {"schema": schema}
    for part in path:
        rule = (rule.get("schema") or {}).get(part) or {}
    return rule


def format_value(value: Any, *, money: bool = False, unset: str | None = None) -> str:
    """A parameter value in words: "$5,000", "ICE, CBP, ORR", "yes"/"no"."""
    if value is None:
        return unset or NO_VALUE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(format_value(v, money=money) for v in value) or NO_VALUE
    if isinstance(value, int) and money:
        return f"${value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _formatter(p: Parameter, model: Model):
    unset = _rule(model.schema, p.path).get("meta", {}).get("unset")
    return lambda value: format_value(value, money=p.money, unset=unset)


def _value(p: Parameter, e: Entry, model: Model, canonical: Jurisdiction) -> Value:
    if e.values is None:
        return Value(NO_VALUE)
    fmt, ours, theirs = _formatter(p, model), get(canonical.data, p.path), get(e.values, p.path)
    if ours == theirs:
        return Value(fmt(theirs))
    return Value(fmt(theirs), True, f"{fmt(ours)} {ARROW} {fmt(theirs)}")


def _changes(e: Entry, model: Model, canonical: Jurisdiction, key: str | None = None) -> tuple[str, ...]:
    """The entry's parameter departures in words; with `key`, only those that change that section."""
    out = []
    for p in model.parameters:
        value = _value(p, e, model, canonical)
        if value.departure and (key is None or key in e.effects.get(".".join(p.path), ())):
            out.append(f"{p.label}: {value.change}")
    return tuple(out)


def _sections(e: Entry) -> list[SectionChange]:
    return [s for s in e.comparison.sections if not s.moved_from]


def _href(e: Entry, key: str) -> str:
    return f"{e.link}#prov-{quote(WHITESPACE.sub('_', key), safe='')}"


def _cell(e: Entry, s: SectionChange | None, model: Model, canonical: Jurisdiction) -> Cell:
    if s is None:
        return Cell("absent", None)
    kind = SECTION_KIND[s.kind]
    changes = () if kind == "kept" else _changes(e, model, canonical, s.key)
    return Cell(kind, _href(e, s.key), s.model_words, s.retained_words, changes)


def _title_key(title: str) -> str:
    return "added:" + " ".join(title.split()).casefold()


def _column(e: Entry, model: Model, canonical: Jurisdiction) -> Column:
    sections = _sections(e)
    return Column(e.slug, e.name, e.status, e.introduced.isoformat() if e.introduced else None,
                  e.adopted.isoformat() if e.adopted else None, e.link, sum(s.model_words for s in sections),
                  sum(s.retained_words for s in sections), _changes(e, model, canonical), e.values is not None,
                  e.notes)


def build_matrix(entries: list[Entry], model: Model, canonical: Jurisdiction) -> Matrix:
    """Rows: the model's provisions in model order, then added sections in order of first appearance."""
    provisions = {p.id for p in model.provisions}
    by_key = [{s.key: s for s in _sections(e)} for e in entries]
    rows = [Row(p.id, p.label, False, tuple(_cell(e, found.get(p.id), model, canonical)
                                            for e, found in zip(entries, by_key)))
            for p in model.provisions]
    added: dict[str, str] = {}
    for e in entries:
        for s in _sections(e):
            if s.kind == "added" and s.key not in provisions:
                added.setdefault(_title_key(s.title), s.title.strip())
    for key, title in added.items():
        cells = tuple(_cell(e, next((s for s in _sections(e) if s.kind == "added" and s.key not in provisions
                                     and _title_key(s.title) == key), None), model, canonical) for e in entries)
        rows.append(Row(key, title, True, cells))
    parameters = tuple(
        ParameterRow(".".join(p.path), p.label, _formatter(p, model)(get(canonical.data, p.path)),
                     tuple(_value(p, e, model, canonical) for e in entries))
        for p in model.parameters)
    return Matrix(model.name, model.version, tuple(_column(e, model, canonical) for e in entries),
                  tuple(rows), parameters)


# --- writers -------------------------------------------------------------------------------------------


def _cell_data(c: Cell) -> dict:
    return {"kind": c.kind, "href": c.href, "model_words": c.model_words, "retained_words": c.retained_words,
            "retained_percent": c.retained, "changes": list(c.changes)}


def matrix_json(matrix: Matrix) -> str:
    """The matrix as JSON: deterministic (sorted keys, no clock), cells keyed by jurisdiction slug."""
    slugs = [c.slug for c in matrix.columns]
    data = {
        "model": {"name": matrix.model, "version": matrix.version},
        "jurisdictions": [{"slug": c.slug, "name": c.name, "status": c.status, "introduced": c.introduced,
                           "adopted": c.adopted, "link": c.link, "model_words": c.model_words,
                           "retained_words": c.retained_words, "retained_percent": c.retained,
                           "parameter_changes": list(c.changes), "notes": list(c.notes)} for c in matrix.columns],
        "provisions": [{"key": r.key, "label": r.label, "added": r.added,
                        "cells": {s: _cell_data(c) for s, c in zip(slugs, r.cells)}} for r in matrix.rows],
        "parameters": [{"key": p.key, "label": p.label, "model": p.model,
                        "values": {s: {"value": v.text, "departure": v.departure, "change": v.change}
                                   for s, v in zip(slugs, p.values)}} for p in matrix.parameters],
    }
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _cell_words(c: Cell) -> str:
    return "; ".join((c.text, *c.changes))


def _marked(v: Value) -> str:
    return f"{DEPARTURE} {v.text}" if v.departure else v.text


def matrix_csv(matrix: Matrix) -> str:
    """Both tables for spreadsheets: the provision matrix, a blank line, then the parameter table."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    cols = matrix.columns
    w.writerow(["Provision", *(c.name for c in cols)])
    w.writerow(["Status", *(c.status for c in cols)])
    w.writerow(["Introduced", *(c.introduced or "" for c in cols)])
    w.writerow(["Adopted", *(c.adopted or "" for c in cols)])
    w.writerow(["Model text retained", *(_pct_text(c.retained) for c in cols)])
    for r in matrix.rows:
        w.writerow([f"{r.label} (added)" if r.added else r.label, *(_cell_words(c) for c in r.cells)])
    w.writerow([])
    w.writerow(["Parameter", "Model", *(c.name for c in cols)])
    for p in matrix.parameters:
        w.writerow([p.label, p.model, *(_marked(v) for v in p.values)])
    return out.getvalue()


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
.k-moved { background: #ede4fb; color: #3f2270; } .k-dropped { background: #fde1df; color: #8a1c1c; }
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
        f'<th scope="row" data-value="{_esc(c.name)}"><a href="{_esc(c.link)}">{_esc(c.name)}</a></th>',
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
    return f'<td data-slug="{_esc(slug)}" class="k-{c.kind}">{body}</td>'


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


def _inputs(paths: list[Path], failures: list[str]) -> list[Path]:
    """YAML and DOCX files named directly or found in named folders (sorted), without repeats."""
    found: dict[Path, Path] = {}
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in INPUT_SUFFIXES and p.is_file()
                            and not p.name.startswith(("~$", ".")))
            for p in inside:
                found.setdefault(p.resolve(), p)
        elif not path.exists():
            failures.append(f"{path}: no such file or folder")
        elif path.suffix.lower() not in INPUT_SUFFIXES:
            failures.append(f"{path}: not a jurisdiction file (.yaml) or an adopted text (.docx)")
        else:
            found.setdefault(path.resolve(), path)
    return list(found.values())


def _located(path: Path, message: str) -> str:
    return message if str(path) in message else f"{path}: {message}"


def compare_paths(paths: list[Path], out: Path, model: Model) -> tuple[list[Path], list[str]]:
    """Compare every input with the model; write comparison.html/.csv/.json into `out`.

    Returns the written paths and one message per input that could not be compared (invalid YAML,
    unreadable DOCX); the others are compared all the same.
    """
    canonical = load_canonical(model)
    failures: list[str] = []
    entries: list[Entry] = []
    for path in _inputs(paths, failures):
        try:
            if path.suffix.lower() == ".docx":
                entry = docx_entry(path, model, canonical)
            else:
                entry = entry_for(load_jurisdiction(path, model), model, canonical)
        except DraftError as exc:
            failures.append(_located(path, str(exc)))
            continue
        if any(e.slug == entry.slug for e in entries):
            failures.append(f"{path}: has the same name as another input ({entry.slug}); both would link to "
                            f"{entry.link}")
            continue
        entries.append(entry)
    matrix = build_matrix(entries, model, canonical)
    title = f"{model.name}: the model and its local versions"
    files = {"comparison.html": matrix_html(matrix, title=title), "comparison.csv": matrix_csv(matrix),
             "comparison.json": matrix_json(matrix)}
    written = []
    for name, text in files.items():
        write_atomic(out / name, text.encode("utf-8"))
        written.append(out / name)
    return written, failures
