"""Write the redline DOCX: the draft itself, with every departure from the baseline as tracked changes.

Changed paragraphs are marked in place (all they hold survives); deleted paragraphs, table rows and
tables come back from the baseline as deleted copies, placed where the change list puts them.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import NamedTuple

from lxml import etree

from .changes import Comparison, ParagraphChange
from .document import DocumentText
from .ooxml.blocks import Located, row_cells, story_tables, table_rows, top_table
from .ooxml.ends import close_ends
from .ooxml.lists import copy_list, numbering_added, numbering_removed
from .ooxml.markup import Revisions
from .ooxml.names import w
from .ooxml.notes import KINDS, add_note, empty_notes_part, in_reference_order, next_id, reference_run, references
from .ooxml.numbering import Numbering
from .ooxml.package import LoadedDocx
from .ooxml.revise import (
    deleted_copy,
    deleted_row,
    deleted_table,
    inserted_paragraph,
    inserted_row,
    revise_paragraph,
    wrap_run,
)

Cell = tuple[int, int, int]
Row = tuple[int, int]
Note = tuple[str, str]


def _a_minute_later(stamp: str) -> str:
    """The W3C date-time 61 seconds after `stamp` (which ends in "T00:00:00Z" or similar)."""
    moment = datetime.fromisoformat(stamp.removesuffix("Z")) + timedelta(seconds=61)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Side(NamedTuple):
    """One document's paragraphs with their cells and labels, and its tables and rows."""

    located: list[Located]
    labels: dict[int, int]
    tables: list[etree._Element]
    rows: dict[Row, etree._Element]   # as the document had them before any row was added to it

    @classmethod
    def of(cls, doc: LoadedDocx, text: DocumentText | None) -> _Side:
        labels = {p.index: len(p.label) for p in text.paragraphs} if text else {}
        tables = story_tables(doc.body)
        rows = {(t, r): row for t, table in enumerate(tables) for r, row in enumerate(table_rows(table))}
        return cls(doc.located(), labels, tables, rows)

    def row(self, cell: Cell | Row) -> etree._Element:
        return self.rows[cell[0], cell[1]]


class _Placer:
    """Places each paragraph change into the draft's tree, in change-list order."""

    __slots__ = ("body", "draft", "base", "revisions", "draft_doc", "base_doc", "cells", "tables", "rows", "done",
                 "anchor", "lists", "copied", "notes", "placed", "dropped", "renamed")

    def __init__(self, body: etree._Element, draft: _Side, base: _Side, revisions: Revisions, *,
                 draft_doc: LoadedDocx, base_doc: LoadedDocx) -> None:
        self.body, self.draft, self.base, self.revisions = body, draft, base, revisions
        self.draft_doc, self.base_doc = draft_doc, base_doc
        self.cells: dict[Cell, Cell] = {}            # baseline cell -> draft cell
        self.tables: dict[int, int] = {}             # baseline table -> draft table
        self.rows: dict[Row, Row] = {}               # baseline row -> draft row
        self.done: set = set()                       # baseline rows and tables already copied
        self.anchor: etree._Element | None = None
        self.lists: Numbering | None = None          # the baseline's, read when first needed
        self.copied: dict = {}                       # baseline lists copied into the draft
        self.notes: dict[Note, Note] = {}            # baseline note -> draft note
        self.placed: dict[int, etree._Element] = {}  # baseline paragraph -> where it went
        self.dropped: dict[Note, list[etree._Element]] = {}  # wholly deleted notes' copies
        self.renamed: dict[Note, int] = {}           # wholly deleted note -> the id of its copy

    def learn(self, changes: list[ParagraphChange]) -> None:
        """Which baseline cells, rows, tables and notes the draft's correspond to (from paired paragraphs);
        which baseline notes are dropped, and the ids their copies will take in the draft."""
        self._pairs(changes)
        dropped = sorted({found.note for found in self.base.located if found.note and found.note not in self.notes},
                         key=lambda note: [f.note for f in self.base.located].index(note))
        for kind, note_id in dropped:
            if kind not in self.draft_doc.stories:
                self.draft_doc.stories[kind] = empty_notes_part(self.base_doc.stories[kind], kind)
            number = next_id(self.draft_doc.stories[kind], kind) + len([n for n in self.renamed if n[0] == kind])
            self.renamed[kind, note_id] = number

    def _pairs(self, changes: list[ParagraphChange]) -> None:
        for change in changes:
            if change.old is None or change.new is None:
                continue
            old_note, new_note = self.base.located[change.old].note, self.draft.located[change.new].note
            if old_note and new_note:
                self.notes.setdefault(old_note, new_note)
            old, new = self.base.located[change.old].cell, self.draft.located[change.new].cell
            if old and new and bool(old_note) == bool(new_note):
                self.cells.setdefault(old, new)
                self.rows.setdefault(old[:2], new[:2])
                self.tables.setdefault(old[0], new[0])

    def place(self, change: ParagraphChange) -> None:
        if change.new is not None:
            self._in_place(change)
            if change.old is not None:
                self.placed[change.old] = self.draft.located[change.new].element
        elif self.base.located[change.old].note:
            self._deleted_in_note(change)
        elif change.whole_row:
            self._deleted_row(self.base.located[change.old].cell)
        else:
            self._deleted(change)

    def _in_place(self, change: ParagraphChange) -> None:
        p = self.draft.located[change.new].element
        self.anchor = p
        if change.kind == "inserted":
            if change.whole_row:
                row = self.draft.row(self.draft.located[change.new].cell)
                if id(row) not in self.done:
                    self.done.add(id(row))
                    inserted_row(row, self.revisions)
            else:
                inserted_paragraph(p, self.revisions)
            return
        nl, ol = self.draft.labels.get(change.new, 0), self.base.labels.get(change.old, 0)
        base = self.base.located[change.old].element
        restore = self._dropped_references(base)
        if change.kind == "equal" and bool(nl) == bool(ol) and not restore:
            return
        if not revise_paragraph(p, base, change.spans, self.revisions, labels=(nl, ol), restore=restore):
            p.addprevious(deleted_copy(base, self.revisions, notes=self.renamed))
            inserted_paragraph(p, self.revisions)
        elif nl and not ol:
            numbering_added(p, self.revisions, by_style=p.find(f"{w('pPr')}/{w('numPr')}") is None)
        elif ol and not nl:
            self._numbering_removed(p, base)

    def _dropped_references(self, base: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
        """(run, new run) for each reference in `base` to a dropped note: the new run refers to its copy."""
        found = []
        for (kind, note_id), number in self.renamed.items():
            found += [(run, reference_run(kind, number, run)) for run in references(base, kind, note_id)][:1]
        return found

    def _numbering_removed(self, p: etree._Element, base: etree._Element) -> None:
        """The baseline numbered this paragraph automatically and the draft types its label: record the
        baseline's numbering (copied into the draft's list definitions) as the paragraph's old properties."""
        if self.lists is None:
            self.lists = Numbering.of(self.base_doc.parts)
        found = self.lists.level_of(base)
        if found is None:
            return
        num_id, level, abstract = found
        mine = copy_list(self.base_doc.numbering(), self.draft_doc.numbering(), num_id, abstract, self.copied)
        numbering_removed(p, self.revisions, num_id=mine, level=level)

    def _deleted_row(self, cell: Cell) -> None:
        table, row = cell[0], cell[1]
        if table not in self.tables:
            if ("table", table) not in self.done:
                self.done.add(("table", table))
                copy = deleted_table(self.base.tables[table], self.revisions, notes=self.renamed)
                self._after_anchor_block(copy)
                self.anchor = list(copy.iter(w("p")))[-1]
            return
        if (table, row) in self.done:
            return
        self.done.add((table, row))
        copy = deleted_row(self.base.row(cell), self.revisions, notes=self.renamed)
        target = self.draft.tables[self.tables[table]]
        mine = self._row_of(self.anchor, target) if self.anchor is not None else None
        if mine is not None:
            mine.addnext(copy)
        else:
            table_rows(target)[0].addprevious(copy)
        self.anchor = list(copy.iter(w("p")))[-1]

    def _row_of(self, element: etree._Element, table: etree._Element) -> etree._Element | None:
        """The row of `table` holding `element`, or None."""
        for row in table_rows(table):
            if element is row or any(el is element for el in row.iter(w("p"))):
                return row
        return None

    def _deleted(self, change: ParagraphChange) -> None:
        located = self.base.located[change.old]
        copy = deleted_copy(located.element, self.revisions, notes=self.renamed)
        cell = self._draft_cell(located.cell) if located.cell else None
        if cell is not None:
            mine = [p for p in cell if p.tag == w("p")]
            if self.anchor is not None and any(p is self.anchor for p in mine):
                self.anchor.addnext(copy)
            else:
                mine[0].addprevious(copy)
        else:
            self._after_anchor_block(copy)
        self.anchor = copy
        self.placed[change.old] = copy

    def _deleted_in_note(self, change: ParagraphChange) -> None:
        """A deleted paragraph of a note: into the draft's counterpart note, or kept for a deleted note."""
        note = self.base.located[change.old].note
        copy = deleted_copy(self.base.located[change.old].element, self.revisions)
        if note not in self.notes:
            self.dropped.setdefault(note, []).append(copy)
            return
        target = self._draft_note(self.notes[note])
        if self.anchor is not None and self.anchor.getparent() is target:
            self.anchor.addnext(copy)
        else:
            target.insert(0, copy)
        self.anchor = copy

    def _draft_note(self, note: Note) -> etree._Element:
        return next(found.element.getparent() for found in self.draft.located if found.note == note)

    def finish_notes(self, draft: LoadedDocx, changes: list[ParagraphChange]) -> None:
        """Track notes as wholes: a note only the draft has gets its reference mark inserted; one only the
        baseline has comes back as a deleted note with a deleted reference mark."""
        kept: set[Note] = set()
        for change in changes:
            if change.new is not None and change.kind != "inserted":
                kept.add(self.draft.located[change.new].note)
        new_notes = {found.note for found in self.draft.located if found.note and found.note not in kept}
        for kind, note_id in sorted(new_notes):
            for run in references(draft.body, kind, note_id):
                wrap_run(run, "ins", self.revisions)
        for (kind, note_id), copies in self.dropped.items():
            add_note(draft.stories[kind], kind, copies, note_id=self.renamed[kind, note_id])
        for kind in KINDS:
            if kind in draft.stories:
                in_reference_order(draft.stories[kind], draft.body, kind)

    def _draft_cell(self, cell: Cell) -> etree._Element | None:
        """The draft's w:tc for a baseline cell: its counterpart, or the cell at its column in the row's."""
        if cell in self.cells:
            found = self.cells[cell]
            return row_cells(self.draft.row(found))[found[2]]
        if cell[:2] in self.rows:
            cells = row_cells(self.draft.row(self.rows[cell[:2]]))
            return cells[min(cell[2], len(cells) - 1)] if cells else None
        return None

    def _after_anchor_block(self, element: etree._Element) -> None:
        """Put a block after the anchor's block (its outermost table, or the paragraph), or first."""
        if self.anchor is None:
            self.body.insert(0, element)
            return
        (top_table(self.anchor, self.body) or self.anchor).addnext(element)


def apply_redline(draft: LoadedDocx, baseline: LoadedDocx, comparison: Comparison, *, author: str, date: str,
                  draft_text: DocumentText | None = None, base_text: DocumentText | None = None) -> LoadedDocx:
    """Turn `draft` (changed in place) into the redline of `comparison`, and return it.

    The texts, when given, say which paragraphs begin with an automatic list label.
    """
    used = [int(x) for root in (draft.root, *draft.stories.values())
            for x in root.xpath("//w:*/@w:id", namespaces={"w": w("")[1:-1]}) if x.isdigit()]
    revisions = Revisions(author, (date, _a_minute_later(date)), count(max(used, default=0) + 1))
    placer = _Placer(draft.body, _Side.of(draft, draft_text), _Side.of(baseline, base_text), revisions,
                     draft_doc=draft, base_doc=baseline)
    changes = [change for section in comparison.sections for change in section.paragraphs]
    placer.learn(changes)
    for change in changes:
        revisions.turn += 1
        placer.place(change)
    placer.finish_notes(draft, changes)
    close_ends(draft.body, revisions)
    for kind, root in draft.stories.items():
        for note in root.iterchildren(w(kind)):
            close_ends(note, revisions)
    if revisions.lost:
        missing = ", ".join(f"{name} ({n:,})" for name, n in sorted(revisions.lost.items()))
        draft.notes.append(f"deleted text of the baseline is shown without what lives in the baseline's own "
                           f"file: {missing}; rejecting the changes brings back its words only")
    return draft
