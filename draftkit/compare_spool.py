"""A comparison sheet kept in a temporary SQLite file, so that thousands of jurisdictions take the memory
of one row: columns are added as they are computed, and read back a row or a column at a time."""
from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path

from .compare_cells import ABSENT, Cell, Column, ColumnData, Value
from .compare_matrix import ParameterHead, RowHead, sheet_heads
from .jurisdiction import Jurisdiction
from .model import Model

SCHEMA = """
CREATE TABLE columns (idx INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE cells (row TEXT NOT NULL, idx INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (row, idx))
  WITHOUT ROWID;
CREATE TABLE vals (param INTEGER NOT NULL, idx INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (param, idx))
  WITHOUT ROWID;
CREATE TABLE added (key TEXT PRIMARY KEY, idx INTEGER NOT NULL, title TEXT NOT NULL) WITHOUT ROWID;
"""


def _tuples(item):
    return tuple(map(_tuples, item)) if isinstance(item, list) else item


def encode(d: ColumnData) -> str:
    """One column as a line of JSON: the column's fields, cells by key, added titles and values as lists."""
    return json.dumps([astuple(d.column), {k: astuple(c) for k, c in d.cells.items()}, d.added,
                       [astuple(v) for v in d.values]], ensure_ascii=False)


def decode(text: str) -> ColumnData:
    column, cells, added, values = json.loads(text)
    return ColumnData(Column(*_tuples(column)), {k: Cell(*_tuples(c)) for k, c in cells.items()}, added,
                      tuple(Value(*v) for v in values))


class Spool:
    """Columns in a temporary database, in the order given by their index (an input's place in the run)."""

    def __init__(self, model: Model, canonical: Jurisdiction):
        self.model, self.version = model.name, model.version
        self._model, self._canonical = model, canonical
        self._folder = tempfile.TemporaryDirectory(prefix="draftkit-compare-")
        self.db = sqlite3.connect(Path(self._folder.name) / "sheet.sqlite", isolation_level=None)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-16000;"
                              + SCHEMA)
        self.db.execute("BEGIN")
        self.heads: tuple[RowHead, ...] = ()
        self.parameter_heads: tuple[ParameterHead, ...] = ()

    def add(self, index: int, d: ColumnData) -> None:
        """Keep one column (it may come before others of a lower index)."""
        self.db.execute("INSERT INTO columns VALUES (?, ?, ?)", (index, d.column.slug, encode(d)))
        self.db.executemany("INSERT INTO cells VALUES (?, ?, ?)",
                            [(k, index, json.dumps(astuple(c), ensure_ascii=False)) for k, c in d.cells.items()])
        self.db.executemany("INSERT INTO vals VALUES (?, ?, ?)",
                            [(i, index, json.dumps(astuple(v), ensure_ascii=False)) for i, v in enumerate(d.values)])
        self.db.executemany("INSERT INTO added VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET idx = excluded.idx, "
                            "title = excluded.title WHERE excluded.idx < added.idx",
                            [(k, index, t) for k, t in d.added.items()])

    def replace(self, index: int, d: ColumnData) -> None:
        """Put a column in place of the one of that index (an adopted text relabelled after the run)."""
        self.db.execute("DELETE FROM columns WHERE idx = ?", (index,))
        self.db.execute("DELETE FROM cells WHERE idx = ?", (index,))
        self.db.execute("DELETE FROM vals WHERE idx = ?", (index,))
        self.add(index, d)

    def column(self, index: int) -> ColumnData:
        (text,) = self.db.execute("SELECT data FROM columns WHERE idx = ?", (index,)).fetchone()
        return decode(text)

    def close_run(self) -> None:
        """Every column is in: fix the rows (added sections in order of first appearance)."""
        self.db.execute("COMMIT")
        self.db.execute("CREATE INDEX by_slug ON columns (slug)")
        added = {k: t for k, _, t in self._added()}
        self.heads, self.parameter_heads = sheet_heads(self._model, self._canonical, added)

    def _added(self) -> list[tuple[str, int, str]]:
        """Added-section keys by the first column that has them, in that column's order of sections."""
        found = []
        for (idx,) in self.db.execute("SELECT DISTINCT idx FROM added ORDER BY idx").fetchall():
            keys = {k for (k,) in self.db.execute("SELECT key FROM added WHERE idx = ?", (idx,))}
            order = self.column(idx).added
            found += [(k, idx, order[k]) for k in order if k in keys]
        return found

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM columns").fetchone()[0]

    def data(self) -> Iterator[ColumnData]:
        for (text,) in self.db.execute("SELECT data FROM columns ORDER BY idx"):
            yield decode(text)

    def each_column(self) -> Iterator[Column]:
        for d in self.data():
            yield d.column

    def cells(self, key: str, *, by_slug: bool = False) -> Iterator[tuple[str, Cell]]:
        order = "c.slug" if by_slug else "c.idx"
        query = (f"SELECT c.slug, x.data FROM columns c LEFT JOIN cells x ON x.row = ? AND x.idx = c.idx "
                 f"ORDER BY {order}")
        for slug, text in self.db.execute(query, (key,)):
            yield slug, (Cell(*_tuples(json.loads(text))) if text is not None else ABSENT)

    def values(self, index: int, *, by_slug: bool = False) -> Iterator[tuple[str, Value]]:
        order = "c.slug" if by_slug else "c.idx"
        query = f"SELECT c.slug, v.data FROM columns c JOIN vals v ON v.param = ? AND v.idx = c.idx ORDER BY {order}"
        for slug, text in self.db.execute(query, (index,)):
            yield slug, Value(*json.loads(text))

    def close(self) -> None:
        self.db.close()
        self._folder.cleanup()
