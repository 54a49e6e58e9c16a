"""An independent reader of a DOCX's main document part that applies the OOXML revision rules itself.

Used by tests as a second opinion beside LibreOffice. It knows nothing of draftkit or python-docx: only
zipfile, lxml and ECMA-376 Part 1, 17.13.5 (revisions). Three views of the body's paragraphs:

    as_is     every piece of text, inserted and deleted alike, one string per w:p
    accepted  w:del / w:moveFrom content dropped, w:ins / w:moveTo kept; a paragraph whose mark is deleted
              (w:pPr/w:rPr/w:del or moveFrom) merges with the next paragraph; table rows marked deleted
              (w:trPr/w:del) are dropped
    rejected  w:ins / w:moveTo content dropped, w:del / w:moveFrom restored; a paragraph whose mark is
              inserted (w:pPr/w:rPr/w:ins or moveTo) merges with the next; rows marked inserted are dropped

Paragraphs of body-level w:sdt / w:customXml blocks and of tables (cell by cell, row by row, nested
tables included) are read in document order. A merge never crosses a table cell or a table: a pending
paragraph is emitted at such a boundary. Paragraphs inside text boxes and drawings are not read.
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DEFAULT_PART = "word/document.xml"
VIEWS = ("as_is", "accepted", "rejected")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


INSERTED = {w("ins"), w("moveTo")}
DELETED = {w("del"), w("moveFrom")}
REVISIONS = INSERTED | DELETED
# Inline wrappers whose children are read as if they stood in the paragraph itself.
TRANSPARENT = {w("hyperlink"), w("smartTag"), w("fldSimple"), w("customXml"), w("dir"), w("bdo"), w("sdtContent")}
# Block-level containers whose w:p / w:tbl children are read in order.
BLOCK_TRANSPARENT = {w("sdt"), w("sdtContent"), w("customXml")}
RUN_TEXT = {w("t"): None, w("delText"): None, w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n",
            w("noBreakHyphen"): "-", w("softHyphen"): ""}


def parser() -> etree.XMLParser:
    """A parser that resolves no entities, loads no DTD and touches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


@dataclass
class Piece:
    """Text of one run element with the revision state it sits in."""

    text: str
    inserted: bool
    deleted: bool


@dataclass
class Para:
    pieces: list[Piece] = field(default_factory=list)
    mark_inserted: bool = False
    mark_deleted: bool = False
    row_inserted: bool = False
    row_deleted: bool = False

    def text(self, view: str) -> str:
        return "".join(p.text for p in self.pieces if _keep(view, inserted=p.inserted, deleted=p.deleted))


BOUNDARY = None  # marks a table / cell edge in the paragraph stream: merges stop there


def _keep(view: str, *, inserted: bool, deleted: bool) -> bool:
    if view == "accepted":
        return not deleted
    if view == "rejected":
        return not inserted
    return True


def main_part_name(archive: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (word/document.xml as a fallback)."""
    try:
        rels = etree.fromstring(archive.read("_rels/.rels"), parser())
    except KeyError:
        return DEFAULT_PART
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return posixpath.normpath(rel.get("Target", DEFAULT_PART).lstrip("/"))
    return DEFAULT_PART


def load_document_xml(path: str | Path) -> etree._Element:
    """Parse the main document part of the DOCX at `path` with the hardened parser."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read(main_part_name(archive))
    return etree.fromstring(data, parser())


class _Reader:
    """Walks w:body once, collecting paragraphs (with per-piece revision state) and boundaries."""

    def __init__(self) -> None:
        self.stream: list[Para | None] = []
        self.fields: list[str] = []  # stack of complex-field states: "instr" until separate, then "result"

    def block(self, parent: etree._Element, row: tuple[bool, bool] = (False, False)) -> None:
        for child in parent:
            if child.tag == w("p"):
                self.paragraph(child, row)
            elif child.tag == w("tbl"):
                self.table(child, row)
            elif child.tag in BLOCK_TRANSPARENT:
                self.block(child, row)

    def table(self, tbl: etree._Element, outer_row: tuple[bool, bool]) -> None:
        self.stream.append(BOUNDARY)
        for tr in _rows(tbl):
            tr_pr = tr.find(w("trPr"))
            ins = outer_row[0] or (tr_pr is not None and tr_pr.find(w("ins")) is not None)
            dele = outer_row[1] or (tr_pr is not None and tr_pr.find(w("del")) is not None)
            for tc in _cells(tr):
                self.block(tc, (ins, dele))
                self.stream.append(BOUNDARY)
        self.stream.append(BOUNDARY)

    def paragraph(self, p: etree._Element, row: tuple[bool, bool]) -> None:
        para = Para(row_inserted=row[0], row_deleted=row[1])
        mark = p.find(f"{w('pPr')}/{w('rPr')}")
        if mark is not None:
            para.mark_inserted = any(mark.find(tag) is not None for tag in INSERTED)
            para.mark_deleted = any(mark.find(tag) is not None for tag in DELETED)
        self.inline(p, para, inserted=False, deleted=False)
        self.stream.append(para)

    def inline(self, parent: etree._Element, para: Para, *, inserted: bool, deleted: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self.run(child, para, inserted=inserted, deleted=deleted)
            elif tag in INSERTED:
                self.inline(child, para, inserted=True, deleted=deleted)
            elif tag in DELETED:
                self.inline(child, para, inserted=inserted, deleted=True)
            elif tag in TRANSPARENT or tag == w("sdt"):
                target = child.find(w("sdtContent")) if tag == w("sdt") else child
                if target is not None:
                    self.inline(target, para, inserted=inserted, deleted=deleted)
            # w:pPr, bookmarks, comment ranges, proofErr, permStart/End, oMath ...: no text

    def run(self, r: etree._Element, para: Para, *, inserted: bool, deleted: bool) -> None:
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    self.fields.append("instr")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag in RUN_TEXT and "instr" not in self.fields:
                text = RUN_TEXT[tag]
                para.pieces.append(Piece((child.text or "") if text is None else text, inserted, deleted))
            # w:instrText / w:delInstrText (field code), w:sym, w:rPr (and its w:rPrChange),
            # drawings, footnote references, lastRenderedPageBreak: no text


def _rows(tbl: etree._Element):
    for child in tbl:
        if child.tag == w("tr"):
            yield child
        elif child.tag in BLOCK_TRANSPARENT:
            yield from _rows(child)


def _cells(tr: etree._Element):
    for child in tr:
        if child.tag == w("tc"):
            yield child
        elif child.tag in BLOCK_TRANSPARENT:
            yield from _cells(child)


def _stream(root: etree._Element) -> list[Para | None]:
    body = root.find(w("body"))
    if body is None:
        raise ValueError("no w:body in the main document part")
    reader = _Reader()
    reader.block(body)
    return reader.stream


def _view(stream: list[Para | None], view: str) -> list[str]:
    out: list[str] = []
    pending: str | None = None  # text of paragraphs whose marks vanish in this view, awaiting the next
    for para in stream:
        if para is None:
            if pending is not None:
                out.append(pending)
                pending = None
            continue
        if (view == "accepted" and para.row_deleted) or (view == "rejected" and para.row_inserted):
            continue
        text = (pending or "") + para.text(view)
        merges = (view == "accepted" and para.mark_deleted) or (view == "rejected" and para.mark_inserted)
        if merges:
            pending = text
        else:
            out.append(text)
            pending = None
    if pending is not None:
        out.append(pending)
    return out


def views_of_root(root: etree._Element) -> dict[str, list[str]]:
    """The three views of a parsed w:document element."""
    stream = _stream(root)
    return {view: _view(stream, view) for view in VIEWS}


def views(path: str | Path) -> dict[str, list[str]]:
    """{"as_is": [...], "accepted": [...], "rejected": [...]} for the DOCX at `path`."""
    return views_of_root(load_document_xml(path))


def as_is(path: str | Path) -> list[str]:
    return views(path)["as_is"]


def accepted(path: str | Path) -> list[str]:
    return views(path)["accepted"]


def rejected(path: str | Path) -> list[str]:
    return views(path)["rejected"]


def _has_ancestor(el: etree._Element, tags: set[str]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def validate_root(root: etree._Element) -> list[str]:
    """Problems in the tracked-change markup of a parsed part, each with the line it is on."""
    problems: list[str] = []
    for el in root.iter(w("t")):
        if _has_ancestor(el, DELETED):
            problems.append(f"line {el.sourceline}: w:t inside a deletion (use w:delText)")
    for el in root.iter(w("delText")):
        if not _has_ancestor(el, DELETED):
            problems.append(f"line {el.sourceline}: w:delText outside w:del / w:moveFrom")
    seen: dict[str, int | None] = {}
    for el in root.iter(*REVISIONS):
        name = etree.QName(el).localname
        rid = el.get(w("id"))
        if rid is None:
            problems.append(f"line {el.sourceline}: w:{name} without w:id")
        elif rid in seen:
            problems.append(f"line {el.sourceline}: w:{name} repeats w:id {rid} (first on line {seen[rid]})")
        else:
            seen[rid] = el.sourceline
        for attr in ("author", "date"):
            if el.get(w(attr)) is None:
                problems.append(f"line {el.sourceline}: w:{name} w:id={rid} without w:{attr}")
        if el.tag == w("ins") and _has_ancestor(el, {w("ins")}):
            problems.append(f"line {el.sourceline}: w:ins nested in w:ins")
    return problems


def validate_revisions(path: str | Path) -> list[str]:
    """Problems found in the tracked-change markup of the DOCX at `path` (empty when none)."""
    return validate_root(load_document_xml(path))
