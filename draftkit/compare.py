"""Compare jurisdictions with the model, provision by provision and parameter by parameter.

Pure data first: each jurisdiction (or adopted DOCX) becomes an Entry, the entries become a Matrix;
the JSON, CSV and HTML writers are sinks of the same Matrix.
"""
from __future__ import annotations

import csv
import io
import json
import os
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
from .effects import not_in_effect
from .errors import DraftError
from .jurisdiction import Jurisdiction, load_canonical, load_jurisdiction, with_identity_of
from .mapping import SUFFIX as MAPPING_SUFFIX
from .model import Model, Parameter, get
from .readers import SUFFIXES as TEXT_SUFFIXES
from .readers import text_kind
from .spreadsheet import SafeWriter

CellKind = Literal["kept", "modified", "reworded", "moved", "dropped", "added", "absent"]
KINDS: dict[str, tuple[str, str]] = {  # kind -> (symbol, what it means); symbols keep it readable in grey
    "kept": ("✓", "kept: reads as in the model"),
    "modified": ("◐", "modified: the share of the model's words kept, and the values that changed"),
    "reworded": ("≈", "reworded: found in an adopted text by what it does, in other words (less than half of "
                 "the model's words kept); with how sure the match is"),
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
DOCUMENT_SUFFIXES = (".docx", *TEXT_SUFFIXES)
INPUT_SUFFIXES = (".yaml", ".yml", *DOCUMENT_SUFFIXES)
FOLDER_SUFFIXES = tuple(s for s in INPUT_SUFFIXES if text_kind(Path(f"x{s}")) != "text")  # a text file in a
# folder is more often a note than an ordinance: it is compared when named on its own
COMPARISON_OWNER = "draft compare"  # the comparison files' owner, in the output folder's own manifest
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
    # an adopted text's provisions found by assignment: key -> (confidence, whether the user's mapping set it,
    # the key of the redline section that carries it)
    assigned: dict[str, tuple[float | None, bool, str]] = field(default_factory=dict)
    source: str | None = None  # for an adopted text of a jurisdiction compared too: relative href of its YAML


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
    from .packet import docx_comparison, safe_slug

    reading = docx_comparison(path, model, canonical)
    slug = safe_slug(path.stem)
    kind = text_kind(path)
    status = f"adopted text ({kind})" if kind else DOCX_STATUS
    found = reading.assignment
    assigned = {s.key: (found.confidence(s.key, reading.words), found.by_mapping(s.key),
                        reading.anchors.get(s.key, s.key)) for s in reading.comparison.sections}
    return Entry(slug, reading.name, status, None, None, reading.comparison, None, f"{quote(slug)}/redline.html",
                 notes=reading.notes, assigned=assigned)


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
    confidence: float | None = None  # how sure the assignment of an adopted text's paragraphs is (0 to 1)
    mapped: bool = False             # the user's mapping file set it

    @property
    def retained(self) -> float | None:
        return _percent(self.retained_words, self.model_words)

    @property
    def text(self) -> str:
        """The cell in words: "kept", "modified, 97% retained", "reworded, 4% retained, confidence 0.7", ..."""
        if self.kind == "absent":
            return NO_VALUE
        share = f", {_pct_text(self.retained)} retained" if self.kind in ("modified", "reworded", "moved") else ""
        sure = f", confidence {self.confidence:g}" if self.confidence is not None and self.kind != "kept" else ""
        return self.kind + share + sure + (", by your mapping" if self.mapped else "")


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
    source: str | None = None  # relative href of the YAML file of the same jurisdiction, for an adopted text

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
    if why := not_in_effect(p, e.values, model):  # only values in effect are shown, or counted as departures
        return Value(f"{NO_VALUE} (not in effect: {why})")
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
    confidence, mapped, anchor = e.assigned.get(s.key, (None, False, s.key))
    if kind == "modified" and s.key in e.assigned and 2 * s.retained_words < s.model_words:
        kind = "reworded"
    changes = () if kind == "kept" else _changes(e, model, canonical, s.key)
    return Cell(kind, _href(e, anchor), s.model_words, s.retained_words, changes, confidence, mapped)


def _title_key(title: str) -> str:
    return "added:" + " ".join(title.split()).casefold()


def _column(e: Entry, model: Model, canonical: Jurisdiction) -> Column:
    sections = _sections(e)
    return Column(e.slug, e.name, e.status, e.introduced.isoformat() if e.introduced else None,
                  e.adopted.isoformat() if e.adopted else None, e.link, sum(s.model_words for s in sections),
                  sum(s.retained_words for s in sections), _changes(e, model, canonical), e.values is not None,
                  e.notes, e.source)


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
            "retained_percent": c.retained, "changes": list(c.changes), "confidence": c.confidence,
            "mapped": c.mapped}


def matrix_json(matrix: Matrix) -> str:
    """The matrix as JSON: deterministic (sorted keys, no clock), cells keyed by jurisdiction slug."""
    slugs = [c.slug for c in matrix.columns]
    data = {
        "model": {"name": matrix.model, "version": matrix.version},
        "jurisdictions": [{"slug": c.slug, "name": c.name, "status": c.status, "introduced": c.introduced,
                           "adopted": c.adopted, "link": c.link, "model_words": c.model_words,
                           "retained_words": c.retained_words, "retained_percent": c.retained,
                           "parameter_changes": list(c.changes), "notes": list(c.notes),
                           "source": c.source} for c in matrix.columns],
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
    w = SafeWriter(csv.writer(out, lineterminator="\n"))  # a name such as "=1+2" is text, not a formula
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


def _inputs(paths: list[Path], failures: list[str]) -> list[Path]:
    """Inputs named directly, and YAML, DOCX, PDF and HTML files found in named folders (sorted), without
    repeats (a folder's text files and mapping files are not inputs)."""
    found: dict[Path, Path] = {}
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()
                            and not p.name.startswith(("~$", ".")) and not p.name.endswith(MAPPING_SUFFIX))
            for p in inside:
                found.setdefault(Path(os.path.realpath(p)), p)  # realpath survives a symlink loop
        elif not path.exists():
            failures.append(f"{path}: no such file or folder")
        elif path.suffix.lower() not in INPUT_SUFFIXES:
            failures.append(f"{path}: not a jurisdiction file (.yaml) or an adopted text (.docx, .pdf, .html, "
                            ".txt)")
        else:
            found.setdefault(Path(os.path.realpath(path)), path)
    return list(found.values())


def _located(path: Path, message: str) -> str:
    return message if str(path) in message else f"{path}: {message}"


def _distinct(entry: Entry, path: Path, taken: set[str]) -> Entry:
    """A document whose name another input has (several "ordinance.docx" from their folders): named after
    its folder too."""
    from .packet import safe_slug

    base = safe_slug(f"{path.parent.name}-{path.stem}")
    slug = next(f"{base}-{n}" if n else base for n in range(len(taken) + 2)
                if (f"{base}-{n}" if n else base) not in taken)
    return replace(entry, slug=slug, name=f"{path.parent.name}/{path.name}", link=f"{quote(slug)}/redline.html")


def _with_sources(entries: list[Entry], inputs: dict[str, Path], out: Path) -> list[Entry]:
    """Adopted texts of a jurisdiction compared from its YAML too (the file or its folder has the YAML's
    name): labelled with the jurisdiction's name and linked to its YAML."""
    from .packet import safe_slug

    yamls = {e.slug: e for e in entries if e.values is not None}
    out_abs = Path(os.path.abspath(out))
    found = []
    for e in entries:
        path = inputs.get(e.slug)
        twin = None if e.values is not None or path is None else next(
            (yamls[k] for k in (safe_slug(path.stem), safe_slug(path.parent.name)) if k in yamls), None)
        if twin is not None:
            href = Path(os.path.relpath(os.path.abspath(inputs[twin.slug]), out_abs)).as_posix()
            e = replace(e, name=f"{twin.name} ({path.name})", source=quote(href))
        found.append(e)
    return found


def compare_paths(paths: list[Path], out: Path, model: Model, *,
                  force: bool = False, stem: str = "comparison") -> tuple[list[Path], list[str]]:
    """Compare every input with the model; write `<stem>`.html/.csv/.json into `out` (comparison.html, ...).

    Returns the written paths and one message per input that could not be compared (invalid YAML,
    unreadable DOCX); the others are compared all the same. If none can be compared, the comparison files
    are left as they were. They are written like every output (outputs.write_files): whole, recorded in
    `out`'s manifest, and never over a hand-edited copy unless `force`.
    """
    from .outputs import owner_of, write_files
    from .packet import docx_redline

    canonical = load_canonical(model)
    failures: list[str] = []
    entries: list[Entry] = []
    written: list[Path] = []
    inputs: dict[str, Path] = {}
    for path in _inputs(paths, failures):
        try:
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                entry = docx_entry(path, model, canonical)
            else:
                entry = entry_for(load_jurisdiction(path, model), model, canonical)
        except DraftError as exc:
            failures.append(_located(path, str(exc)))
            continue
        if any(e.slug == entry.slug for e in entries) and path.suffix.lower() in DOCUMENT_SUFFIXES:
            entry = _distinct(entry, path, {e.slug for e in entries})
        if any(e.slug == entry.slug for e in entries):
            failures.append(f"{path}: has the same name as another input ({entry.slug}); both would link to "
                            f"{entry.link}")
            continue
        if path.suffix.lower() in DOCUMENT_SUFFIXES:  # its cells link to its redline, so write that too
            try:
                packet = docx_redline(path, model, canonical)
                written += write_files(out, entry.slug, packet.files, owner=owner_of(path), force=force)
            except DraftError as exc:
                failures.append(_located(path, str(exc)))
        entries.append(entry)
        inputs[entry.slug] = path
    if not entries:  # a run that compares nothing never replaces a comparison that was there
        return written, failures
    matrix = build_matrix(_with_sources(entries, inputs, out), model, canonical)
    title = f"{model.name}: the model and its local versions"
    from .compare_html import matrix_html

    files = {f"{stem}.html": matrix_html(matrix, title=title), f"{stem}.csv": matrix_csv(matrix),
             f"{stem}.json": matrix_json(matrix)}
    written += write_files(out, "", {name: text.encode("utf-8") for name, text in files.items()},
                           owner=COMPARISON_OWNER, force=force)
    return written, failures
