"""The paragraphs of a story (the body, a note) in reading order, each with the table cell it sits in.

Word shows the paragraphs of block-level content controls (w:sdt) and custom XML in place, and a table's
cells row by row; a nested table's paragraphs are read as part of the outer cell. Paragraphs inside text
boxes and drawings are not part of the story's text (they are reported as not compared).
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .names import w

P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                                               "customXml"))
WRAPPERS = (SDT, SDT_CONTENT, CUSTOM_XML)


@dataclass(frozen=True)
class Located:
    """A paragraph and where it sits: `cell` is (table, row, column) for a paragraph in a table, counting
    the story's top-level tables, their rows and each row's cells from 0; None outside tables. `note` is
    the note it belongs to, None in the body."""

    element: etree._Element
    cell: tuple[int, int, int] | None
    note: tuple[str, str] | None = None   # (kind, id) for a paragraph of a footnote or endnote


def story_paragraphs(story: etree._Element) -> list[Located]:
    """Every paragraph of a story (w:body, w:footnote, w:tc...) in reading order."""
    out: list[Located] = []
    tables = 0
    for block in _blocks(story):
        if block.tag == P:
            out.append(Located(block, None))
        else:
            out += _table_paragraphs(block, tables)
            tables += 1
    return out


def _blocks(container: etree._Element):
    """Paragraphs and tables of a container, looking through content controls and custom XML."""
    for child in container:
        if child.tag in (P, TBL):
            yield child
        elif child.tag in WRAPPERS:
            yield from _blocks(child)


def _table_paragraphs(tbl: etree._Element, number: int) -> list[Located]:
    out: list[Located] = []
    for r, tr in enumerate(table_rows(tbl)):
        for c, tc in enumerate(row_cells(tr)):
            out += [Located(p, (number, r, c)) for p in cell_paragraphs(tc)]
    return out


def table_rows(tbl: etree._Element) -> list[etree._Element]:
    """A table's rows (w:tr), looking through content controls and custom XML around rows."""
    return list(_children(tbl, TR))


def row_cells(tr: etree._Element) -> list[etree._Element]:
    """A row's cells (w:tc), looking through content controls and custom XML around cells."""
    return list(_children(tr, TC))


def cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """A cell's paragraphs in reading order, nested tables' paragraphs included."""
    out: list[etree._Element] = []
    for block in _blocks(tc):
        if block.tag == P:
            out.append(block)
        else:
            for tr in table_rows(block):
                for inner in row_cells(tr):
                    out += cell_paragraphs(inner)
    return out


def _children(parent: etree._Element, tag: str):
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def enclosing(element: etree._Element, tag: str) -> etree._Element | None:
    """The nearest ancestor with `tag` (w:tr, w:tbl, w:tc), or None."""
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def top_table(element: etree._Element, story: etree._Element) -> etree._Element | None:
    """The outermost table of `story` holding `element`, or None if it is not in a table."""
    found = None
    parent = element.getparent()
    while parent is not None and parent is not story:
        if parent.tag == TBL:
            found = parent
        parent = parent.getparent()
    return found


def story_tables(story: etree._Element) -> list[etree._Element]:
    """The story's top-level tables in order: `Located.cell[0]` counts these."""
    return [block for block in _blocks(story) if block.tag == TBL]

