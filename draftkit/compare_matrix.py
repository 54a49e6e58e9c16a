"""The comparison as a sheet (provisions and parameters by jurisdiction) and its CSV and JSON writers.

A Sheet gives its columns, rows and cells one at a time; a Matrix holds them all in memory (a few
jurisdictions, tests), compare_spool.Spool keeps them in a file (thousands). The writers take either and
write line by line, so what they hold at once is one row, never the whole sheet.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

from .compare_cells import (
    ABSENT,
    DEPARTURE,
    Cell,
    Column,
    ColumnData,
    Entry,
    Value,
    column_of,
    formatter,
    pct_text,
)
from .jurisdiction import Jurisdiction
from .model import Model, get
from .spreadsheet import SafeWriter


@dataclass(frozen=True)
class RowHead:
    """A provision of the model (key = its id) or a section no model has (key = "added:<title>")."""

    key: str
    label: str
    added: bool


@dataclass(frozen=True)
class ParameterHead:
    key: str  # dotted field path
    label: str  # from the schema's meta.label
    model: str  # the model's value in words


class Sheet(Protocol):
    """What the writers read: heads first, then columns, cells and values in column order (or by slug)."""

    model: str
    version: str
    heads: tuple[RowHead, ...]
    parameter_heads: tuple[ParameterHead, ...]

    def __len__(self) -> int: ...
    def each_column(self) -> Iterable[Column]: ...
    def data(self) -> Iterable[ColumnData]: ...
    def cells(self, key: str, *, by_slug: bool = False) -> Iterable[tuple[str, Cell]]: ...
    def values(self, index: int, *, by_slug: bool = False) -> Iterable[tuple[str, Value]]: ...


def sheet_heads(model: Model, canonical: Jurisdiction, added: dict[str, str]) -> tuple[tuple[RowHead, ...],
                                                                                       tuple[ParameterHead, ...]]:
    """Rows: the model's provisions in model order, then added sections in order of first appearance."""
    rows = tuple(RowHead(p.id, p.label, False) for p in model.provisions)
    rows += tuple(RowHead(key, title, True) for key, title in added.items())
    return rows, tuple(ParameterHead(".".join(p.path), p.label, formatter(p, model)(get(canonical.data, p.path)))
                       for p in model.parameters)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    added: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ParameterRow:
    key: str
    label: str
    model: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Matrix:
    """The whole comparison in memory: a Sheet, and lookups by row, column and parameter."""

    model: str
    version: str
    found: tuple[ColumnData, ...]
    heads: tuple[RowHead, ...]
    parameter_heads: tuple[ParameterHead, ...]

    def __len__(self) -> int:
        return len(self.found)

    def each_column(self) -> list[Column]:
        return [d.column for d in self.found]

    def data(self) -> tuple[ColumnData, ...]:
        return self.found

    def cells(self, key: str, *, by_slug: bool = False) -> list[tuple[str, Cell]]:
        found = [(d.column.slug, d.cells.get(key, ABSENT)) for d in self.found]
        return sorted(found, key=lambda item: item[0]) if by_slug else found

    def values(self, index: int, *, by_slug: bool = False) -> list[tuple[str, Value]]:
        found = [(d.column.slug, d.values[index]) for d in self.found]
        return sorted(found, key=lambda item: item[0]) if by_slug else found

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(self.each_column())

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(Row(h.key, h.label, h.added, tuple(c for _, c in self.cells(h.key))) for h in self.heads)

    @property
    def parameters(self) -> tuple[ParameterRow, ...]:
        return tuple(ParameterRow(h.key, h.label, h.model, tuple(v for _, v in self.values(i)))
                     for i, h in enumerate(self.parameter_heads))

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, slug: str) -> Column:
        return next(d.column for d in self.found if d.column.slug == slug)

    def cell(self, key: str, slug: str) -> Cell:
        return next(d.cells.get(key, ABSENT) for d in self.found if d.column.slug == slug)

    def parameter(self, label: str) -> ParameterRow:
        return next(p for p in self.parameters if label in (p.label, p.key))


def matrix_of(found: list[ColumnData], model: Model, canonical: Jurisdiction) -> Matrix:
    """Columns held in memory as a Matrix (added sections as rows in order of first appearance)."""
    added: dict[str, str] = {}
    for d in found:
        for key, title in d.added.items():
            added.setdefault(key, title)
    return Matrix(model.name, model.version, tuple(found), *sheet_heads(model, canonical, added))


def build_matrix(entries: list[Entry], model: Model, canonical: Jurisdiction) -> Matrix:
    return matrix_of([column_of(e, model, canonical) for e in entries], model, canonical)


# --- JSON ------------------------------------------------------------------------------------------------


def _dump(value: Any, level: int) -> str:
    """`value` as json.dumps(sort_keys, indent=2) writes it at nesting depth `level`."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


def _items(out: IO[str], pairs: Iterator[tuple[str | None, Any]], level: int, brackets: str) -> None:
    """A JSON list (keys None) or object written item by item, laid out as json.dumps(indent=2) does."""
    pad = "  " * level
    out.write(brackets[0])
    first = True
    for key, text in pairs:
        out.write(("\n" if first else ",\n") + pad + "  " + ("" if key is None else json.dumps(key, ensure_ascii=False)
                                                              + ": ") + text)
        first = False
    out.write(brackets[1] if first else "\n" + pad + brackets[1])


def cell_data(c: Cell) -> dict:
    return {"kind": c.kind, "href": c.href, "model_words": c.model_words, "retained_words": c.retained_words,
            "retained_percent": c.retained, "changes": list(c.changes), "confidence": c.confidence,
            "mapped": c.mapped}


def column_json(c: Column) -> dict:
    return {"slug": c.slug, "name": c.name, "status": c.status, "introduced": c.introduced, "adopted": c.adopted,
            "link": c.link, "model_words": c.model_words, "retained_words": c.retained_words,
            "retained_percent": c.retained, "parameter_changes": list(c.changes), "notes": list(c.notes),
            "source": c.source}


def _provision(sheet: Sheet, row: RowHead) -> str:
    cells = ((slug, _dump(cell_data(c), 4)) for slug, c in sheet.cells(row.key, by_slug=True))
    parts = [f'{{\n      "added": {json.dumps(row.added)},\n      "cells": ']
    out = _Collect(parts)
    _items(out, cells, 3, "{}")
    parts.append(f',\n      "key": {json.dumps(row.key, ensure_ascii=False)},\n'
                 f'      "label": {json.dumps(row.label, ensure_ascii=False)}\n    }}')
    return "".join(parts)


def _parameter(sheet: Sheet, index: int, p: ParameterHead) -> str:
    values = ((slug, _dump({"value": v.text, "departure": v.departure, "change": v.change}, 4))
              for slug, v in sheet.values(index, by_slug=True))
    parts = [(f'{{\n      "key": {json.dumps(p.key, ensure_ascii=False)},\n'
             f'      "label": {json.dumps(p.label, ensure_ascii=False)},\n'
             f'      "model": {json.dumps(p.model, ensure_ascii=False)},\n      "values": ')]
    _items(_Collect(parts), values, 3, "{}")
    parts.append("\n    }")
    return "".join(parts)


class _Collect:
    """A text sink that keeps the pieces in a list (one row of the JSON)."""

    def __init__(self, parts: list[str]):
        self.parts = parts

    def write(self, text: str) -> None:
        self.parts.append(text)


def write_json(sheet: Sheet, out: IO[str]) -> None:
    """The sheet as JSON, deterministic (sorted keys, no clock), cells keyed by slug; one row held at a time.
    The text is what json.dumps(sort_keys=True, indent=2, ensure_ascii=False) would write for the whole."""
    out.write('{\n  "jurisdictions": ')
    _items(out, ((None, _dump(column_json(c), 2)) for c in sheet.each_column()), 1, "[]")
    out.write(f',\n  "model": {_dump({"name": sheet.model, "version": sheet.version}, 1)},\n  "parameters": ')
    _items(out, ((None, _parameter(sheet, i, p)) for i, p in enumerate(sheet.parameter_heads)), 1, "[]")
    out.write(',\n  "provisions": ')
    _items(out, ((None, _provision(sheet, r)) for r in sheet.heads), 1, "[]")
    out.write("\n}\n")


# --- CSV -------------------------------------------------------------------------------------------------


def _cell_words(c: Cell) -> str:
    return "; ".join((c.text, *c.changes))


def _marked(v: Value) -> str:
    return f"{DEPARTURE} {v.text}" if v.departure else v.text


def write_csv(sheet: Sheet, out: IO[str]) -> None:
    """Both tables for spreadsheets: the provision matrix, a blank line, then the parameter table."""
    w = SafeWriter(csv.writer(out, lineterminator="\n"))  # a name such as "=1+2" is text, not a formula
    w.writerow(["Provision", *(c.name for c in sheet.each_column())])
    w.writerow(["Status", *(c.status for c in sheet.each_column())])
    w.writerow(["Introduced", *(c.introduced or "" for c in sheet.each_column())])
    w.writerow(["Adopted", *(c.adopted or "" for c in sheet.each_column())])
    w.writerow(["Model text retained", *(pct_text(c.retained) for c in sheet.each_column())])
    for r in sheet.heads:
        w.writerow([f"{r.label} (added)" if r.added else r.label, *(_cell_words(c) for _, c in sheet.cells(r.key))])
    w.writerow([])
    w.writerow(["Parameter", "Model", *(c.name for c in sheet.each_column())])
    for i, p in enumerate(sheet.parameter_heads):
        w.writerow([p.label, p.model, *(_marked(v) for _, v in sheet.values(i))])


def matrix_json(sheet: Sheet) -> str:
    out = _Collect([])
    write_json(sheet, out)
    return "".join(out.parts)


def matrix_csv(sheet: Sheet) -> str:
    import io

    out = io.StringIO()
    write_csv(sheet, out)
    return out.getvalue()
